# label: positive BND001
# family: socket.create_server
# shape: literal-ipv6
import socket

PORT = 8443

if socket.has_dualstack_ipv6():
    srv = socket.create_server(("::", PORT), family=socket.AF_INET6, dualstack_ipv6=True)
else:
    srv = socket.create_server(("", PORT))
srv.listen()
