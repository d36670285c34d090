# label: negative
# family: socket.create_server
# shape: loopback
import socket

with socket.create_server(("127.0.0.1", 0)) as srv:
    port = srv.getsockname()[1]
    print("test server on", port)
