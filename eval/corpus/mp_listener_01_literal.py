# label: positive BND001
# family: multiprocessing.connection.Listener
# shape: literal-empty
from multiprocessing.connection import Listener

listener = Listener(("", 6000), authkey=b"secret password")
conn = listener.accept()
print("connection accepted from", listener.last_accepted)
conn.close()
listener.close()
