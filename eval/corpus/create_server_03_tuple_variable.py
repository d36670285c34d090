# label: positive BND001
# family: socket.create_server
# shape: tuple-variable
from socket import create_server

ADDRESS = ("0.0.0.0", 8000)


def start():
    server = create_server(ADDRESS, reuse_port=True, backlog=64)
    return server
