# label: positive BND001
# family: socket.bind
# shape: cross-module-wrapper-alias
import helpers as h


def echo(conn):
    conn.sendall(conn.recv(1024))
    conn.close()


if __name__ == "__main__":
    h.serve("0.0.0.0", 7000, echo)
