# label: negative
# family: twisted
# shape: endpoint-literal
from twisted.internet import reactor
from twisted.internet.endpoints import serverFromString

from webapp import site

serverFromString(reactor, "tcp:8080:interface=127.0.0.1").listen(site)
reactor.run()
