# label: negative
# family: multiprocessing.connection.Listener
# shape: loopback
from multiprocessing.connection import Listener

address = ("localhost", 6000)
with Listener(address, authkey=b"secret password") as listener:
    with listener.accept() as conn:
        print(conn.recv())
