# label: negative
# family: grpc
# shape: loopback
from concurrent import futures

import grpc

server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
server.add_insecure_port("localhost:50051")
server.start()
