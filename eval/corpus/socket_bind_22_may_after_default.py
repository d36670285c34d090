# label: positive BND001
# family: socket.bind
# shape: branch-may
import socket
import sys

host = "127.0.0.1"
if "--public" in sys.argv:
    host = "0.0.0.0"

sock = socket.socket()
sock.bind((host, 8022))
sock.listen(1)
