# label: positive BND003
# family: asyncio.start_server
# shape: omitted
import asyncio


async def on_client(reader, writer):
    writer.write(b"welcome\n")
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(on_client, port=8888)
    await server.serve_forever()


asyncio.run(main())
