# label: positive BND003
# family: tornado
# shape: factory-return
import tornado.ioloop
import tornado.web

from dashboard.handlers import MainHandler


def make_app():
    return tornado.web.Application([(r"/", MainHandler)])


if __name__ == "__main__":
    make_app().listen(8888)
    tornado.ioloop.IOLoop.current().start()
