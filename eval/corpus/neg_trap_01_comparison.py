# label: negative
# family: not-a-listener
# shape: comparison
import logging

log = logging.getLogger(__name__)


def check_bind_address(host):
    if host == "0.0.0.0":
        log.warning("the server will be reachable from other machines")
    return host
