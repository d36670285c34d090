# label: positive BND001
# family: socket.bind
# shape: tuple-unpack
import socket

LISTEN = ("0.0.0.0", 7000)


def serve():
    host, port = LISTEN
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, port))
    sock.listen(5)
    return sock
