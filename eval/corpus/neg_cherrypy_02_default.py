# label: negative
# family: cherrypy
# shape: default-loopback
import cherrypy


class HelloWorld:
    @cherrypy.expose
    def index(self):
        return "Hello world!"


cherrypy.quickstart(HelloWorld())
