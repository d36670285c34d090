# label: positive BND004
# family: gevent
# shape: environ-get-or
import os

from gevent.pywsgi import WSGIServer

from app import app

host = os.environ.get("BIND_HOST") or "::"
WSGIServer((host, int(os.environ.get("PORT", "8000"))), app).serve_forever()
