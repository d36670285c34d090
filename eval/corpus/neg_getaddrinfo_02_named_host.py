# label: negative
# family: socket.getaddrinfo+AI_PASSIVE
# shape: loopback
import socket

for family, kind, proto, _, address in socket.getaddrinfo("localhost", 8080, flags=socket.AI_PASSIVE):
    sock = socket.socket(family, kind, proto)
    sock.bind(address)
    sock.listen()
    break
