# label: positive BND004
# family: werkzeug
# shape: environ-get-or
import os

from werkzeug.serving import run_simple

from api import application

HOST = os.getenv("API_HOST") or "0.0.0.0"

run_simple(hostname=HOST, port=5001, application=application, threaded=True)
