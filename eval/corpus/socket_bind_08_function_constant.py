# label: positive BND001
# family: socket.bind
# shape: function-constant
import socket


def serve_status(port):
    bind_host = "0.0.0.0"
    listener = socket.socket()
    listener.bind((bind_host, port))
    listener.listen(5)
    while True:
        client, _ = listener.accept()
        client.sendall(b"OK\n")
        client.close()
