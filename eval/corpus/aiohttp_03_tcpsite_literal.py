# label: positive BND002
# family: aiohttp
# shape: literal
from aiohttp import web


async def start_web(app):
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", 8080)
    await site.start()
    return runner
