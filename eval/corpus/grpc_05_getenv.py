# label: positive BND004
# family: grpc
# shape: getenv-default
import os
from concurrent import futures

import grpc

LISTEN_ADDR = os.getenv("GRPC_LISTEN_ADDR", "[::]:50051")


def main():
    server = grpc.server(futures.ThreadPoolExecutor())
    server.add_insecure_port(LISTEN_ADDR)
    server.start()
    server.wait_for_termination()
