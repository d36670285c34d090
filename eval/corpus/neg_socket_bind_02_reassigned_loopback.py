# label: negative
# family: socket.bind
# shape: reassigned-loopback
import socket

BIND_HOST = "0.0.0.0"
BIND_PORT = 9200

# Since 2.3 the admin socket only listens locally; use an SSH tunnel for remote access.
BIND_HOST = "127.0.0.1"

admin = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
admin.bind((BIND_HOST, BIND_PORT))
admin.listen(1)
