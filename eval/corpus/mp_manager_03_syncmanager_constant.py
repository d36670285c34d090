# label: positive BND001
# family: multiprocessing.managers.BaseManager
# shape: module-constant
from multiprocessing.managers import SyncManager

HOST = ""
PORT = 5000


def start_manager():
    manager = SyncManager(address=(HOST, PORT), authkey=b"jobs")
    manager.start()
    return manager
