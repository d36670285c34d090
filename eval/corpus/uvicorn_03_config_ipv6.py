# label: positive BND002
# family: uvicorn
# shape: literal-ipv6
import asyncio

import uvicorn

from service.api import app


async def main():
    config = uvicorn.Config(app, host="::", port=8000, log_level="info")
    server = uvicorn.Server(config)
    await server.serve()


asyncio.run(main())
