# label: positive BND001
# family: socket.bind
# shape: probe-then-listen
import socket


def listen_on_free_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("", 0))
    port = sock.getsockname()[1]
    sock.listen(16)
    return sock, port
