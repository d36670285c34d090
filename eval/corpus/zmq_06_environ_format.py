# label: positive BND004
# family: pyzmq
# shape: environ-get-default
import os

import zmq

ZMQ_HOST = os.environ.get("ZMQ_BIND_HOST", "*")
ZMQ_PORT = os.environ.get("ZMQ_BIND_PORT", "5557")

ctx = zmq.Context()
sink = ctx.socket(zmq.PULL)
sink.bind("tcp://{}:{}".format(ZMQ_HOST, ZMQ_PORT))
