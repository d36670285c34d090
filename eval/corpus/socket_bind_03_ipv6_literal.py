# label: positive BND001
# family: socket.bind
# shape: literal-ipv6
import socket

sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
sock.bind(("::", 9000, 0, 0))
sock.listen(16)
