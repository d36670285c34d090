# label: positive BND001
# family: socket.bind
# shape: class-attribute
import socket


class DiscoveryResponder:
    LISTEN_HOST = "0.0.0.0"
    LISTEN_PORT = 1900

    def run(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((self.LISTEN_HOST, self.LISTEN_PORT))
        while True:
            data, peer = sock.recvfrom(2048)
            sock.sendto(b"HERE", peer)
