# label: positive BND002
# family: aiohttp
# shape: literal
from aiohttp import web

from bot.routes import setup_routes

app = web.Application()
setup_routes(app)
web.run_app(app, host="0.0.0.0", port=8080)
