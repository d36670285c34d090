# label: positive BND004
# family: websockets
# shape: getenv-default
import asyncio
import os

import websockets

HOST = os.getenv("WS_HOST", "0.0.0.0")
PORT = int(os.getenv("WS_PORT", "8765"))


async def main(handler):
    async with websockets.serve(handler, HOST, PORT):
        await asyncio.Future()
