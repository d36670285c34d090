# label: positive BND002
# family: waitress
# shape: branch-may
from waitress import serve

from app import app, settings

if settings.DEBUG:
    host = "127.0.0.1"
else:
    host = "0.0.0.0"

serve(app, host=host, port=settings.PORT)
