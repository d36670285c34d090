# label: positive BND003
# family: aiohttp
# shape: omitted
import aiohttp.web


async def start_metrics(app, port):
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, port=port)
    await site.start()
