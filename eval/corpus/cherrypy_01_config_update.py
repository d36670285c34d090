# label: positive BND002
# family: cherrypy
# shape: config-dict
import cherrypy


class Root:
    @cherrypy.expose
    def index(self):
        return "Hello"


cherrypy.config.update({"server.socket_host": "0.0.0.0", "server.socket_port": 8080})
cherrypy.quickstart(Root())
