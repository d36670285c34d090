import socket


def serve(host, port, handler):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, port))
    sock.listen(5)
    while True:
        conn, _ = sock.accept()
        handler(conn)
