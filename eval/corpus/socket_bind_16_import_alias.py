# label: positive BND001
# family: socket.bind
# shape: import-alias
import socket as sk

srv = sk.socket(sk.AF_INET, sk.SOCK_STREAM)
srv.setsockopt(sk.SOL_SOCKET, sk.SO_REUSEADDR, 1)
srv.bind(("", 7000))
srv.listen(4)
