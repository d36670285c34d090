# label: negative
# family: aiohttp
# shape: loopback
from aiohttp import web


async def start(app):
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "localhost", 8080)
    await site.start()
