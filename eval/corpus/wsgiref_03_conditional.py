# label: positive BND001
# family: wsgiref
# shape: conditional
from wsgiref import simple_server

from app import wsgi_app

REMOTE_DEBUG = True


def main():
    host = "0.0.0.0" if REMOTE_DEBUG else "localhost"
    server = simple_server.make_server(host, 8051, wsgi_app)
    server.serve_forever()
