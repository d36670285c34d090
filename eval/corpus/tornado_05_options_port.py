# label: positive BND003
# family: tornado
# shape: omitted
import tornado.ioloop
import tornado.web
from tornado.options import define, options

define("port", default=8000, help="run on the given port", type=int)


def main():
    options.parse_command_line()
    app = tornado.web.Application([])
    app.listen(options.port)
    tornado.ioloop.IOLoop.current().start()
