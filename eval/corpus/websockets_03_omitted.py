# label: positive BND003
# family: websockets
# shape: omitted
import asyncio

import websockets

PORT = 8001


async def handler(ws):
    await ws.send("hello")


async def main():
    async with websockets.serve(handler, port=PORT):
        await asyncio.Future()
