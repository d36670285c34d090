# label: negative
# family: websockets
# shape: loopback
import asyncio

import websockets


async def hello(websocket):
    await websocket.send("hi")


async def main():
    async with websockets.serve(hello, "localhost", 8765):
        await asyncio.Future()
