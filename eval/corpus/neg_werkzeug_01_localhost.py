# label: negative
# family: werkzeug
# shape: loopback
from werkzeug.serving import run_simple

from app import application

run_simple("localhost", 5000, application, use_reloader=True)
