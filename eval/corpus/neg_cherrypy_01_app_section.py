# label: negative
# family: cherrypy
# shape: app-section
import cherrypy


class Root:
    @cherrypy.expose
    def index(self):
        return "ok"


cherrypy.quickstart(Root(), "/", {"/": {"server.socket_host": "0.0.0.0", "tools.gzip.on": True}})
