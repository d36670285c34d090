import socket
s = socket.socket()
s.bind(("", 8080))
from socket import *
create_server(("::", 1))
