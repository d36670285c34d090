# label: negative
# family: socket.bind
# shape: getenv-default
import os
import socket

host = os.getenv("STATS_HOST", "127.0.0.1")
port = int(os.getenv("STATS_PORT", "8125"))

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((host, port))
