# label: negative
# family: client
# shape: client
import socket

SERVER = "0.0.0.0"
PORT = 8000

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((SERVER, PORT))
    s.sendall(b"Hello, world")
    data = s.recv(1024)
