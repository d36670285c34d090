# label: negative
# family: asyncio
# shape: abstract-loop
import asyncio


class NullLoop(asyncio.AbstractEventLoop):
    """A loop for tests that records calls instead of doing I/O."""


async def check_not_implemented():
    loop = NullLoop()
    try:
        await loop.create_server(asyncio.Protocol, port=8000)
    except NotImplementedError:
        pass
