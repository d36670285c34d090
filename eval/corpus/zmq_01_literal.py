# label: positive BND002
# family: pyzmq
# shape: endpoint-literal
import zmq

context = zmq.Context()
socket = context.socket(zmq.REP)
socket.bind("tcp://*:5555")

while True:
    message = socket.recv()
    socket.send(b"World")
