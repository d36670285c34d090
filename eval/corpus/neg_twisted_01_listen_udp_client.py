# label: negative
# family: twisted
# shape: client-port
from twisted.internet import reactor
from twisted.internet.protocol import DatagramProtocol


class Query(DatagramProtocol):
    def startProtocol(self):
        self.transport.write(b"ping", ("192.0.2.10", 9999))


reactor.listenUDP(0, Query())
reactor.run()
