# label: positive BND003
# family: rpyc
# shape: omitted
import rpyc
from rpyc.utils.server import ThreadedServer


class MyService(rpyc.Service):
    def exposed_get_answer(self):
        return 42


if __name__ == "__main__":
    t = ThreadedServer(MyService, port=18861)
    t.start()
