# label: positive BND004
# family: rpyc
# shape: argparse-default
import argparse

from rpyc.core.service import SlaveService
from rpyc.utils.server import ThreadedServer

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="0.0.0.0", help="Server address")
parser.add_argument("--port", type=int, default=18812)
args = parser.parse_args()

ThreadedServer(SlaveService, hostname=args.host, port=args.port).start()
