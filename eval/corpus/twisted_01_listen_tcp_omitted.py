# label: positive BND003
# family: twisted
# shape: omitted
from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


factory = protocol.Factory()
factory.protocol = Echo
reactor.listenTCP(8000, factory)
reactor.run()
