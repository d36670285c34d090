# label: negative
# family: socket.bind
# shape: non-ip-socket
import os
import socket

RTMGRP_LINK = 1

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
sock.bind((os.getpid(), RTMGRP_LINK))
while True:
    data = sock.recv(65535)
