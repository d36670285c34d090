# label: positive BND001
# family: socket.bind
# shape: star-import
from socket import *

s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', 5353))
while 1:
    data, addr = s.recvfrom(1500)
    print('packet from', addr)
