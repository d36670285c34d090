# label: negative
# family: pyzmq
# shape: inproc
import zmq

context = zmq.Context()
workers = context.socket(zmq.DEALER)
workers.bind("inproc://workers")
