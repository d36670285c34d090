# label: positive BND003
# family: twisted
# shape: endpoint-literal
from twisted.application import service, strports
from twisted.web import server, static

application = service.Application("static-files")
site = server.Site(static.File("/srv/www"))
web_service = strports.service("tcp:8080", site)
web_service.setServiceParent(application)
