# label: negative
# family: pyzmq
# shape: conditional
import zmq

LOCAL_ONLY = True

endpoint = "tcp://127.0.0.1:7000" if LOCAL_ONLY else "tcp://localhost:7000"
sock = zmq.Context().socket(zmq.PUSH)
sock.bind(endpoint)
