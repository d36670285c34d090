# label: negative
# family: not-a-listener
# shape: ipaddress
import ipaddress

UNSPECIFIED = ipaddress.ip_address("0.0.0.0")


def is_wildcard(value):
    addr = ipaddress.ip_address(value)
    return addr == UNSPECIFIED or addr.is_unspecified
