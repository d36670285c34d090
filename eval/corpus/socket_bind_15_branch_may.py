# label: positive BND001
# family: socket.bind
# shape: branch-may
import socket
import sys


def make_listener(port):
    if sys.platform.startswith("win"):
        host = "127.0.0.1"
    else:
        host = "0.0.0.0"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, port))
    sock.listen(5)
    return sock
