# label: positive BND002
# family: rpyc
# shape: literal
from rpyc.core.service import SlaveService
from rpyc.utils.server import ThreadedServer

server = ThreadedServer(SlaveService, hostname="0.0.0.0", port=18812, reuse_addr=True)
server.start()
