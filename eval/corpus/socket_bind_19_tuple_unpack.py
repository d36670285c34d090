# label: positive BND001
# family: socket.bind
# shape: tuple-unpack
import socket

host, port = "", 8000
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind((host, port))
server.listen(100)
