# label: positive BND002
# family: grpc
# shape: str-format
import grpc
from grpc import aio


async def serve(port: int) -> None:
    server = aio.server()
    server.add_insecure_port("0.0.0.0:{}".format(port))
    await server.start()
    await server.wait_for_termination()
