# label: positive BND002
# family: grpc
# shape: cross-module-relative-two-levels
from concurrent import futures

import grpc

from ...config import BIND_ADDRESS, GRPC_PORT


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    server.add_insecure_port(f"{BIND_ADDRESS}:{GRPC_PORT}")
    server.start()
    server.wait_for_termination()
