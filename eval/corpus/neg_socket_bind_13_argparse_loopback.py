# label: negative
# family: socket.bind
# shape: argparse-default
import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1", help="use 0.0.0.0 to listen on every interface")
parser.add_argument("--port", type=int, default=4000)
args = parser.parse_args()

s = socket.socket()
s.bind((args.host, args.port))
s.listen()
