# label: positive BND001
# family: socket.bind
# shape: tuple-variable
import socket

LISTEN_ADDR = ("0.0.0.0", 5005)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(LISTEN_ADDR)
while True:
    data, sender = sock.recvfrom(1024)
    print("received %r from %s" % (data, sender))
