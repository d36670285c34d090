# label: positive BND001
# family: asyncio.start_server
# shape: literal
import asyncio


async def handle(reader, writer):
    data = await reader.read(100)
    writer.write(data)
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "0.0.0.0", 8888)
    async with server:
        await server.serve_forever()


asyncio.run(main())
