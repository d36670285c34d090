# label: positive BND002
# family: grpc
# shape: fstring
from concurrent import futures

import grpc


def serve(port=50051):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_insecure_port(f"[::]:{port}")
    server.start()
    return server
