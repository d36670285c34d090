# label: positive BND001
# family: socket.bind
# shape: conditional
import os
import socket

HOST = "0.0.0.0" if os.environ.get("RUNNING_IN_DOCKER") else "127.0.0.1"
PORT = 8765

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((HOST, PORT))
s.listen()
