# label: positive BND001
# family: http.server
# shape: literal
import argparse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8000)
args = parser.parse_args()

httpd = ThreadingHTTPServer(("0.0.0.0", args.port), SimpleHTTPRequestHandler)
print("serving files on port", args.port)
httpd.serve_forever()
