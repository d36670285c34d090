# label: positive BND001
# family: loop.create_datagram_endpoint
# shape: tuple-variable
import asyncio

MDNS_LISTEN = ("", 5353)


class Responder(asyncio.DatagramProtocol):
    pass


async def start():
    loop = asyncio.get_running_loop()
    return await loop.create_datagram_endpoint(Responder, local_addr=MDNS_LISTEN)
