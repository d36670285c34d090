# label: positive BND002
# family: gevent
# shape: literal
from gevent.server import StreamServer


def handle(socket, address):
    socket.sendall(b"Welcome to the echo server!\r\n")


server = StreamServer(("0.0.0.0", 16000), handle)
server.serve_forever()
