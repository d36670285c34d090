# label: negative
# family: gevent
# shape: loopback
from gevent.pywsgi import WSGIServer

from app import app

WSGIServer(("127.0.0.1", 5000), app).serve_forever()
