# label: positive BND002
# family: hypercorn
# shape: fstring
import asyncio

from hypercorn.asyncio import serve
from hypercorn.config import Config

PORT = 5000


def run(app):
    config = Config()
    config.bind = [f"0.0.0.0:{PORT}"]
    config.use_reloader = False
    asyncio.run(serve(app, config))
