# label: positive BND002
# family: pyzmq
# shape: class-attribute
import zmq


class EventPublisher:
    ENDPOINT = "tcp://*:6000"

    def __init__(self):
        self.socket = zmq.Context.instance().socket(zmq.PUB)

    def start(self):
        self.socket.bind(self.ENDPOINT)
