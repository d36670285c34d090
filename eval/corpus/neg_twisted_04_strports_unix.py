# label: negative
# family: twisted
# shape: unix-socket
from twisted.application import service, strports

from app import factory

application = service.Application("ctl")
strports.service("unix:/var/run/ctl.sock", factory).setServiceParent(application)
