# label: positive BND003
# family: aiohttp
# shape: dict-unpacking
from aiohttp import web

from bot.routes import routes

RUN_OPTIONS = {"port": 8080, "access_log": None}


def main():
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, **RUN_OPTIONS)


main()
