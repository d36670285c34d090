# label: negative
# family: socket.bind
# shape: non-ip-socket
import socket

sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind("\0systemd-notify-helper")
msg = sock.recv(1024)
