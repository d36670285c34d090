# label: positive BND001
# family: loop.create_server
# shape: literal
import asyncio


class EchoServerProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: EchoServerProtocol(), "0.0.0.0", 8888)
    async with server:
        await server.serve_forever()
