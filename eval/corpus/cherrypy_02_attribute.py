# label: positive BND002
# family: cherrypy
# shape: config-attribute
import cherrypy

from app import Api

cherrypy.server.socket_host = "0.0.0.0"
cherrypy.server.socket_port = 9000
cherrypy.tree.mount(Api(), "/api")
cherrypy.engine.start()
cherrypy.engine.block()
