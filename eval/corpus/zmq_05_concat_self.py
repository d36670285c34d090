# label: positive BND002
# family: pyzmq
# shape: concat
import zmq


class ZmqHost:
    def __init__(self, context, port):
        self.connection = context.socket(zmq.PUB)
        address = "tcp://*" + ":" + str(port)
        print("Binding to " + address)
        self.connection.bind(address)
