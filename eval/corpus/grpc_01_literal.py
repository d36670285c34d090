# label: positive BND002
# family: grpc
# shape: endpoint-literal
from concurrent import futures

import grpc

import helloworld_pb2_grpc
from greeter import Greeter


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    server.add_insecure_port("[::]:50051")
    server.start()
    server.wait_for_termination()
