# label: negative
# family: cherrypy
# shape: loopback
import cherrypy


class Root:
    @cherrypy.expose
    def index(self):
        return "Hello"


cherrypy.config.update({"server.socket_host": "127.0.0.1", "server.socket_port": 8080})
cherrypy.quickstart(Root())
