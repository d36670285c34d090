# label: negative
# family: waitress
# shape: unix-socket
from waitress import serve

from app import app

serve(app, unix_socket="/run/waitress/app.sock", unix_socket_perms="660")
