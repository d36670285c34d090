# label: negative
# family: socket.getaddrinfo+AI_PASSIVE
# shape: loopback
import socket


def loopback_listener(port):
    family, kind, proto, _, sockaddr = socket.getaddrinfo(None, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.bind(sockaddr)
    sock.listen()
    return sock
