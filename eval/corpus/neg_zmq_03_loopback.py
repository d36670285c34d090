# label: negative
# family: pyzmq
# shape: loopback
import zmq

ctx = zmq.Context.instance()
control = ctx.socket(zmq.REP)
control.bind("tcp://127.0.0.1:5556")
