# label: negative
# family: twisted
# shape: loopback
from twisted.internet import reactor
from twisted.web import server

from admin import AdminResource

reactor.listenTCP(8080, server.Site(AdminResource()), interface="127.0.0.1")
reactor.run()
