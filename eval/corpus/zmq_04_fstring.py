# label: positive BND002
# family: pyzmq
# shape: fstring
import zmq


class Broker:
    def __init__(self, port):
        self.ctx = zmq.Context()
        self.frontend = self.ctx.socket(zmq.ROUTER)
        self.frontend.bind(f"tcp://0.0.0.0:{port}")
