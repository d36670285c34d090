# label: positive BND001
# family: socket.bind
# shape: subclass-attribute
import socket


class Listener:
    address = "127.0.0.1"
    port = 5000

    def open(self):
        sock = socket.socket(socket.AF_INET6 if ":" in self.address else socket.AF_INET)
        sock.bind((self.address, self.port))
        sock.listen()
        return sock


class DualStackListener(Listener):
    address = "::"
