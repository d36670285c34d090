# label: negative
# family: socket.bind
# shape: udp-sender
import socket


def send_beacon(payload, target):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", 0))
    sock.sendto(payload, target)
    sock.close()
