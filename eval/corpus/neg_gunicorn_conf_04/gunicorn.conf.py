# label: negative
# family: gunicorn
# shape: unknown
import os

bind = os.environ["GUNICORN_BIND"]
workers = 4
