# label: positive BND003
# family: tornado
# shape: omitted
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from app import application

sockets = bind_sockets(8888)
server = HTTPServer(application)
server.add_sockets(sockets)
IOLoop.current().start()
