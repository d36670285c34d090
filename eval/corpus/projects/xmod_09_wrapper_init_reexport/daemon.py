# label: positive BND001
# family: socket.bind
# shape: cross-module-wrapper-reexport
from netutil import listen


def main():
    sock = listen("", 9000)
    while True:
        conn, addr = sock.accept()
        conn.close()
