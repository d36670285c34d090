# label: negative
# family: not-a-listener
# shape: cross-module-wrapper
from helpers import announce


def report_public_address():
    # Only logs what a reverse proxy publishes; nothing listens here.
    return announce("0.0.0.0", 443)
