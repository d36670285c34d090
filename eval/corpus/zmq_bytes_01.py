# label: positive BND002
# family: zmq
# shape: bytes-endpoint
import zmq

context = zmq.Context()
publisher = context.socket(zmq.PUB)
publisher.bind(b"tcp://*:5556")
