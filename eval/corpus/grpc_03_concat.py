# label: positive BND002
# family: grpc
# shape: concat
from concurrent import futures

import grpc

port = "50051"
server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
server.add_insecure_port("[::]:" + port)
server.start()
print("Server started, listening on " + port)
server.wait_for_termination()
