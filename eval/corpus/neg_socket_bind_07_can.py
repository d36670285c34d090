# label: negative
# family: socket.bind
# shape: non-ip-socket
import socket
import struct

can = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
can.bind(("can0",))
frame = can.recv(16)
can_id, length, data = struct.unpack("<IB3x8s", frame)
