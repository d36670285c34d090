# label: positive BND003
# family: loop.create_server
# shape: annotation
import asyncio

from relay.protocol import RelayProtocol


async def start_relay(loop: asyncio.AbstractEventLoop, port: int):
    server = await loop.create_server(RelayProtocol, port=port)
    async with server:
        await server.serve_forever()
