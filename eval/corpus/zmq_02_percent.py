# label: positive BND002
# family: pyzmq
# shape: percent-format
import sys

import zmq

port = "5556"
if len(sys.argv) > 1:
    port = sys.argv[1]

context = zmq.Context()
publisher = context.socket(zmq.PUB)
publisher.bind("tcp://*:%s" % port)
