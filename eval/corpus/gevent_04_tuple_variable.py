# label: positive BND002
# family: gevent
# shape: tuple-variable
from gevent.pywsgi import WSGIServer

LISTEN = ("::", 8443)


def run(app, certfile, keyfile):
    server = WSGIServer(LISTEN, app, certfile=certfile, keyfile=keyfile)
    server.serve_forever()
