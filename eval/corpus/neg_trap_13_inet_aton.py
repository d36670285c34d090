# label: negative
# family: not-a-listener
# shape: ipaddress
import socket
import struct

INADDR_ANY = struct.unpack("!I", socket.inet_aton("0.0.0.0"))[0]


def mreq(group):
    return struct.pack("4sl", socket.inet_aton(group), INADDR_ANY)
