# label: positive BND001
# family: socket.bind
# shape: cross-module-constant
import socket

import config


def serve():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.HOST, config.PORT))
    sock.listen(config.BACKLOG)
    return sock
