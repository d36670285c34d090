# label: positive BND003
# family: twisted
# shape: omitted
from twisted.internet import reactor, ssl
from twisted.web import server

from api import root

context = ssl.DefaultOpenSSLContextFactory("server.key", "server.crt")
reactor.listenSSL(8443, server.Site(root), context)
reactor.run()
