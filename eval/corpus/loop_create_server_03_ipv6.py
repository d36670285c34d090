# label: positive BND001
# family: loop.create_server
# shape: literal-ipv6
import asyncio


class LineProtocol(asyncio.Protocol):
    def data_received(self, data):
        print(data)


async def main(port=5000):
    loop = asyncio.get_event_loop()
    await loop.create_server(LineProtocol, host="::", port=port, reuse_address=True)
