# label: positive BND002
# family: websockets
# shape: literal-empty
import asyncio

from websockets.server import serve


async def echo(websocket):
    async for message in websocket:
        await websocket.send(message)


async def main():
    async with serve(echo, "", 8765):
        await asyncio.get_running_loop().create_future()
