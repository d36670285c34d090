# label: positive BND003
# family: asyncio.start_server
# shape: none
import asyncio

PORT = 7001


async def relay(reader, writer):
    while line := await reader.readline():
        writer.write(line)


async def main():
    server = await asyncio.start_server(relay, None, PORT)
    await server.serve_forever()
