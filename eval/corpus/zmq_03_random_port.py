# label: positive BND002
# family: pyzmq
# shape: endpoint-literal
import zmq


def bind_pull_socket():
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.PULL)
    port = sock.bind_to_random_port("tcp://*", min_port=50000, max_port=60000, max_tries=20)
    return sock, port
