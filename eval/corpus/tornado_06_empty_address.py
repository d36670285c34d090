# label: positive BND002
# family: tornado
# shape: literal-empty
import tornado.ioloop
import tornado.web


def main(port=8000):
    app = tornado.web.Application([], debug=False)
    app.listen(port, address="")
    tornado.ioloop.IOLoop.current().start()
