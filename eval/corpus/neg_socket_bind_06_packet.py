# label: negative
# family: socket.bind
# shape: non-ip-socket
import socket

ETH_P_ALL = 0x0003

raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
raw.bind(("eth0", 0))
frame = raw.recv(2048)
