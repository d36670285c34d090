# label: positive BND001
# family: multiprocessing.managers.BaseManager
# shape: literal
from multiprocessing.managers import BaseManager

PORT = 50010
AUTHKEY = b"cluster"

manager = BaseManager(address=("0.0.0.0", PORT), authkey=AUTHKEY)
server = manager.get_server()
server.serve_forever()
