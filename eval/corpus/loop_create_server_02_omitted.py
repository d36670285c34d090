# label: positive BND003
# family: loop.create_server
# shape: omitted
import asyncio


class Proto(asyncio.Protocol):
    pass


def main():
    loop = asyncio.new_event_loop()
    coro = loop.create_server(Proto, port=9000)
    server = loop.run_until_complete(coro)
    loop.run_forever()
