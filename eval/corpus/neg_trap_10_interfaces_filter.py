# label: negative
# family: not-a-listener
# shape: comparison
import psutil


def local_addresses():
    found = []
    for name, addrs in psutil.net_if_addrs().items():
        for addr in addrs:
            if addr.address not in ("0.0.0.0", "127.0.0.1"):
                found.append((name, addr.address))
    return found
