# label: positive BND003
# family: twisted
# shape: omitted
from twisted.application import internet, service

from stratum import StratumFactory

port = 9998
application = service.Application("stratum")
tcp_service = internet.TCPServer(port, StratumFactory())
tcp_service.setServiceParent(application)
