# label: positive BND002
# family: gevent
# shape: literal-empty
from gevent import pywsgi


def application(env, start_response):
    start_response("200 OK", [("Content-Type", "text/html")])
    return [b"<b>hello world</b>"]


server = pywsgi.WSGIServer(("", 8088), application)
server.serve_forever()
