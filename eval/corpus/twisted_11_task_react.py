# label: positive BND003
# family: twisted
# shape: injection-point
from twisted.internet import defer, protocol, task

from echo.protocol import Echo


def main(reactor):
    factory = protocol.ServerFactory.forProtocol(Echo)
    reactor.listenTCP(8000, factory)
    return defer.Deferred()


task.react(main)
