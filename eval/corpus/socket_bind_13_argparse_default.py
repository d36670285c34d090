# label: positive BND004
# family: socket.bind
# shape: argparse-default
import argparse
import socket

parser = argparse.ArgumentParser(description="simple TCP sink")
parser.add_argument("--bind", dest="bind_host", default="0.0.0.0")
parser.add_argument("--port", type=int, default=9999)
args = parser.parse_args()

sink = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sink.bind((args.bind_host, args.port))
sink.listen(5)
