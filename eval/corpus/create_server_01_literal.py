# label: positive BND001
# family: socket.create_server
# shape: literal-empty
import socket

with socket.create_server(("", 8080)) as server:
    conn, addr = server.accept()
    conn.sendall(b"hello\n")
