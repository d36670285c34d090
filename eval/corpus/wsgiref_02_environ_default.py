# label: positive BND004
# family: wsgiref
# shape: environ-get-default
import os
from wsgiref.simple_server import make_server

from myproject.wsgi import application

HOST = os.environ.get("WSGI_HOST", "0.0.0.0")
PORT = int(os.environ.get("WSGI_PORT", 8000))

httpd = make_server(HOST, PORT, application)
httpd.serve_forever()
