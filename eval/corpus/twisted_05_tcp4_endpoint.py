# label: positive BND003
# family: twisted
# shape: omitted
from twisted.internet import reactor
from twisted.internet.endpoints import TCP4ServerEndpoint

from chat import ChatFactory

endpoint = TCP4ServerEndpoint(reactor, 8007)
endpoint.listen(ChatFactory())
reactor.run()
