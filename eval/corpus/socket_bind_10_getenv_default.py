# label: positive BND004
# family: socket.bind
# shape: getenv-default
import os
import socket


def main():
    host = os.getenv("TELNET_HOST", "")
    port = int(os.getenv("TELNET_PORT", "2323"))
    s = socket.socket()
    s.bind((host, port))
    s.listen(1)


if __name__ == "__main__":
    main()
