# label: positive BND003
# family: twisted
# shape: endpoint-literal
from twisted.internet import reactor
from twisted.internet.endpoints import serverFromString
from twisted.web.server import Site

from webapp import root

endpoint = serverFromString(reactor, "tcp:8080")
endpoint.listen(Site(root))
reactor.run()
