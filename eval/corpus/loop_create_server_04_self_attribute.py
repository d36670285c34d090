# label: positive BND001
# family: loop.create_server
# shape: self-attribute
import asyncio


class Gateway:
    def __init__(self, port):
        self.host = "0.0.0.0"
        self.port = port
        self.server = None

    async def start(self, protocol_factory):
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(protocol_factory, self.host, self.port)
