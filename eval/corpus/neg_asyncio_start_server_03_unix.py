# label: negative
# family: asyncio.start_server
# shape: unix-socket
import asyncio


async def handle(reader, writer):
    writer.close()


async def main():
    server = await asyncio.start_unix_server(handle, path="/run/myapp/control.sock")
    await server.serve_forever()
