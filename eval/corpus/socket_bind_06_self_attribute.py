# label: positive BND001
# family: socket.bind
# shape: self-attribute
import socket


class ChatServer:
    def __init__(self, port=5555):
        self.host = ""
        self.port = port
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    def start(self):
        self.sock.bind((self.host, self.port))
        self.sock.listen(10)
        print("chat server started on port", self.port)
