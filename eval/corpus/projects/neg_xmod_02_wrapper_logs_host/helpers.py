import logging

logger = logging.getLogger(__name__)


def announce(host, port):
    logger.info("service reachable on %s:%d", host, port)
    return f"http://{host}:{port}/"
