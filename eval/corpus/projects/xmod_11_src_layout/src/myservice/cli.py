# label: positive BND002
# family: tornado
# shape: cross-module-src-layout
import tornado.ioloop
import tornado.web

from myservice.defaults import LISTEN_HOST, LISTEN_PORT


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("ok")


def main():
    app = tornado.web.Application([(r"/", MainHandler)])
    app.listen(LISTEN_PORT, address=LISTEN_HOST)
    tornado.ioloop.IOLoop.current().start()
