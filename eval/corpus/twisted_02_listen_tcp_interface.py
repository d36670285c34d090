# label: positive BND002
# family: twisted
# shape: module-constant
from twisted.internet import reactor
from twisted.web import resource, server

INTERFACE = "0.0.0.0"
PORT = 8080


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        return b"hi"


site = server.Site(Hello())
reactor.listenTCP(PORT, site, interface=INTERFACE)
reactor.run()
