# label: positive BND001
# family: socket.bind
# shape: parameter-default
import socket


def open_listener(port, host="0.0.0.0", backlog=5):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(backlog)
    return srv
