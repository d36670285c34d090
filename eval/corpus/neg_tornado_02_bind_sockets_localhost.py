# label: negative
# family: tornado
# shape: loopback
from tornado.netutil import bind_sockets

sockets = bind_sockets(0, address="localhost")
port = sockets[0].getsockname()[1]
