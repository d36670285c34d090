# label: positive BND004
# family: asyncio.start_server
# shape: argparse-default
import argparse
import asyncio


async def cb(reader, writer):
    writer.close()


async def main(args):
    srv = await asyncio.start_server(cb, args.host, args.port)
    await srv.serve_forever()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="")
    p.add_argument("--port", type=int, default=7070)
    asyncio.run(main(p.parse_args()))
