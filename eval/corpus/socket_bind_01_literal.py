# label: positive BND001
# family: socket.bind
# shape: literal
import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 8080))
    s.listen()
    conn, addr = s.accept()
    with conn:
        conn.sendall(conn.recv(1024))
