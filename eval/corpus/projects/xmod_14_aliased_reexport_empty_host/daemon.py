# label: positive BND001
# family: socket
# shape: cross-module-wrapper
from netutil import open_listener


def main():
    listener = open_listener("", 7000)
    while True:
        conn, _ = listener.accept()
        conn.close()
