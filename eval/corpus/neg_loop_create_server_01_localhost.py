# label: negative
# family: loop.create_server
# shape: loopback
import asyncio


class Proto(asyncio.Protocol):
    pass


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Proto, "localhost", 8888)
    await server.serve_forever()
