# label: negative
# family: asyncio.start_server
# shape: loopback
import asyncio


async def handle(reader, writer):
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 8888)
    async with server:
        await server.serve_forever()
