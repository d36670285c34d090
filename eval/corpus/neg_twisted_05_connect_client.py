# label: negative
# family: client
# shape: client
from twisted.internet import reactor
from twisted.internet.protocol import ClientFactory


class EchoClientFactory(ClientFactory):
    pass


reactor.connectTCP("localhost", 8000, EchoClientFactory())
reactor.run()
