# label: positive BND003
# family: twisted
# shape: omitted
from twisted.internet import reactor
from twisted.internet.protocol import DatagramProtocol


class Listener(DatagramProtocol):
    def startProtocol(self):
        self.transport.joinGroup("228.0.0.5")


reactor.listenMulticast(9999, Listener(), listenMultiple=True)
reactor.run()
