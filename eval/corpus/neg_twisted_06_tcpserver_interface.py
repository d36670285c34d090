# label: negative
# family: twisted
# shape: loopback
from twisted.application import internet, service

from metrics import MetricsFactory

application = service.Application("metrics")
internet.TCPServer(2003, MetricsFactory(), interface="localhost").setServiceParent(application)
