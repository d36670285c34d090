# label: negative
# family: loop.create_datagram_endpoint
# shape: client
import asyncio


class DnsClient(asyncio.DatagramProtocol):
    pass


async def query():
    loop = asyncio.get_running_loop()
    transport, proto = await loop.create_datagram_endpoint(
        DnsClient, local_addr=("127.0.0.1", 0), remote_addr=("9.9.9.9", 53))
    return transport
