# label: positive BND003
# family: twisted
# shape: fstring
from twisted.application import strports


def make_service(options, factory):
    port = options["port"]
    return strports.service(f"tcp:{port}", factory)
