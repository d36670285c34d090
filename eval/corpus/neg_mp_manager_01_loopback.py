# label: negative
# family: multiprocessing.managers.BaseManager
# shape: loopback
from multiprocessing.managers import BaseManager


class JobManager(BaseManager):
    pass


manager = JobManager(address=("127.0.0.1", 50000), authkey=b"jobs")
manager.get_server().serve_forever()
