# label: positive BND004
# family: aiohttp
# shape: cross-module-getenv-default
from aiohttp import web

from config import HOST, PORT


async def health(request):
    return web.Response(text="ok")


app = web.Application()
app.router.add_get("/health", health)

if __name__ == "__main__":
    web.run_app(app, host=HOST, port=PORT)
