# label: negative
# family: multiprocessing.connection.Listener
# shape: omitted-local
from multiprocessing.connection import Client, Listener

listener = Listener(authkey=b"pool")
client = Client(listener.address, authkey=b"pool")
conn = listener.accept()
