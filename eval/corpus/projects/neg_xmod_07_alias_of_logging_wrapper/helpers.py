import logging
import socket

log = logging.getLogger(__name__)


def announce(host, port):
    log.info("would listen on %s:%d", host or "*", port)


def listen(host, port):
    sock = socket.socket()
    sock.bind((host, port))
    return sock
