# label: negative
# family: socket.bind
# shape: unknown
import os
import socket

HOST = os.environ["LISTEN_HOST"]
PORT = int(os.environ["LISTEN_PORT"])

s = socket.socket()
s.bind((HOST, PORT))
s.listen()
