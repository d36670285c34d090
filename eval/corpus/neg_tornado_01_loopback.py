# label: negative
# family: tornado
# shape: loopback
import tornado.ioloop
import tornado.web

app = tornado.web.Application([])
app.listen(8888, address="127.0.0.1")
tornado.ioloop.IOLoop.current().start()
