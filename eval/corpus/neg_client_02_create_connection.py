# label: negative
# family: client
# shape: client
import socket
import time


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("0.0.0.0", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False
