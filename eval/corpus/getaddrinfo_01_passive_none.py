# label: positive BND001
# family: socket.getaddrinfo+AI_PASSIVE
# shape: passive-none
import socket

PORT = 50007
s = None
for res in socket.getaddrinfo(None, PORT, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE):
    af, socktype, proto, canonname, sa = res
    try:
        s = socket.socket(af, socktype, proto)
        s.bind(sa)
        s.listen(1)
    except OSError:
        s = None
        continue
    break
