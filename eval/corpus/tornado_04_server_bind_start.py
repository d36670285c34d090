# label: positive BND003
# family: tornado
# shape: omitted
import tornado.httpserver
import tornado.ioloop

from app import application

server = tornado.httpserver.HTTPServer(application)
server.bind(8888)
server.start(0)
tornado.ioloop.IOLoop.current().start()
