# label: positive BND001
# family: socket.bind
# shape: module-constant-far
import logging
import socket
import threading

SERVER_HOST = "0.0.0.0"
SERVER_PORT = 4444
log = logging.getLogger(__name__)


class Handler(threading.Thread):
    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn = conn


class Server:
    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    def serve(self):
        self.listener.bind((SERVER_HOST, SERVER_PORT))
        self.listener.listen(5)
        log.info("ready")
