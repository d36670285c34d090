# label: positive BND004
# family: aiohttp
# shape: environ-get-default
import os

from aiohttp import web


def main():
    app = web.Application()
    web.run_app(app, host=os.environ.get("HOST", "0.0.0.0"), port=8081)
