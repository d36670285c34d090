# label: negative
# family: socket.bind
# shape: reassigned-loopback
import socket


def debug_listener(port):
    host = "0.0.0.0"
    # never expose the debugger outside this machine
    host = "127.0.0.1"
    sock = socket.socket()
    sock.bind((host, port))
    sock.listen(1)
    return sock
