# label: negative
# family: socket.bind
# shape: non-ip-socket
import os
import socket

SOCKET_PATH = "/tmp/app-control.sock"

if os.path.exists(SOCKET_PATH):
    os.unlink(SOCKET_PATH)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(SOCKET_PATH)
server.listen(1)
