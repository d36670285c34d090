# label: positive BND001
# family: socket.getaddrinfo+AI_PASSIVE
# shape: passive-none
import socket


def passive_socket(port):
    infos = socket.getaddrinfo(None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, sockaddr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.bind(sockaddr)
    sock.listen(5)
    return sock
