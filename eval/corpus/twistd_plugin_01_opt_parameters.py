# label: positive BND004
# family: twisted
# shape: twistd-options
from twisted.application import strports
from twisted.python import usage
from twisted.web import server, static


class Options(usage.Options):
    optParameters = [["port", "p", "tcp:8080", "Endpoint to listen on."]]


def makeService(options):
    site = server.Site(static.File("."))
    return strports.service(options["port"], site)
