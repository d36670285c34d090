# label: negative
# family: twisted
# shape: loopback
from twisted.internet import reactor
from twisted.internet.endpoints import TCP4ServerEndpoint

from manhole import make_factory

endpoint = TCP4ServerEndpoint(reactor, 2222, interface="127.0.0.1")
endpoint.listen(make_factory())
