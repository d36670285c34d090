# label: positive BND002
# family: hypercorn
# shape: concat
import trio
from hypercorn.config import Config
from hypercorn.trio import serve

from quart_app import app


def main(port):
    config = Config()
    config.bind = ["[::]:" + str(port)]
    trio.run(serve, app, config)
