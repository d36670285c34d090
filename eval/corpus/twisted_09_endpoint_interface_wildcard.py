# label: positive BND002
# family: twisted
# shape: endpoint-literal
from twisted.internet import reactor
from twisted.internet.endpoints import serverFromString

from relay import RelayFactory

serverFromString(reactor, "tcp:port=6667:interface=0.0.0.0").listen(RelayFactory())
reactor.run()
