# label: positive BND001
# family: socket.bind
# shape: or-default
import socket


class Receiver:
    def __init__(self, host=None, port=6000):
        host = host or ""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))

    def poll(self):
        return self.sock.recvfrom(4096)
