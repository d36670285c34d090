# label: positive BND001
# family: multiprocessing.managers.BaseManager
# shape: subclass
import queue
from multiprocessing.managers import BaseManager


class QueueManager(BaseManager):
    pass


q = queue.Queue()
QueueManager.register("get_queue", callable=lambda: q)
m = QueueManager(address=("", 50000), authkey=b"abracadabra")
s = m.get_server()
s.serve_forever()
