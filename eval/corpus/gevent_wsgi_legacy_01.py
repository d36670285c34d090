# label: positive BND002
# family: gevent
# shape: literal
from gevent.wsgi import WSGIServer


def application(environ, start_response):
    start_response("200 OK", [])
    return [b"ok"]


WSGIServer(("0.0.0.0", 8088), application).serve_forever()
