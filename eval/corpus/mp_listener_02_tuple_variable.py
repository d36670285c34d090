# label: positive BND001
# family: multiprocessing.connection.Listener
# shape: tuple-variable
from multiprocessing.connection import Listener

address = ("0.0.0.0", 6000)

with Listener(address, authkey=b"worker-pool") as listener:
    with listener.accept() as conn:
        job = conn.recv()
        conn.send(job)
