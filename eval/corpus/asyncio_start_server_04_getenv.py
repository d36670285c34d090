# label: positive BND004
# family: asyncio.start_server
# shape: getenv-default
import asyncio
import os

HOST = os.getenv("BIND_ADDRESS", "0.0.0.0")
PORT = int(os.getenv("BIND_PORT", "9000"))


async def handler(reader, writer):
    writer.close()


async def main():
    server = await asyncio.start_server(handler, HOST, PORT)
    await server.serve_forever()
