# label: negative
# family: asyncio.start_server
# shape: sock-argument
import asyncio
import socket


async def handle(reader, writer):
    writer.close()


async def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = await asyncio.start_server(handle, sock=sock)
    await server.serve_forever()
