# label: negative
# family: not-a-listener
# shape: comparison
import socket
import struct


def default_gateway():
    with open("/proc/net/route") as fh:
        for line in fh.readlines()[1:]:
            fields = line.strip().split()
            dest = socket.inet_ntoa(struct.pack("<L", int(fields[1], 16)))
            if dest == "0.0.0.0":
                return socket.inet_ntoa(struct.pack("<L", int(fields[2], 16)))
    return None
