# label: negative
# family: socket.bind
# shape: conditional
import socket


def loopback_listener(port, ipv6=False):
    family = socket.AF_INET6 if ipv6 else socket.AF_INET
    host = "::1" if ipv6 else "127.0.0.1"
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((host, port))
    sock.listen()
    return sock
