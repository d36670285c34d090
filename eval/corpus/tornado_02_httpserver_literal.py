# label: positive BND002
# family: tornado
# shape: literal
import tornado.ioloop
from tornado.httpserver import HTTPServer

from handlers import make_app

server = HTTPServer(make_app(), xheaders=True)
server.listen(8000, address="0.0.0.0")
tornado.ioloop.IOLoop.current().start()
