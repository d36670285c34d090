# label: negative
# family: pyzmq
# shape: unix-socket
import zmq

ctx = zmq.Context()
pub = ctx.socket(zmq.PUB)
pub.bind("ipc:///tmp/feed.ipc")
