# label: positive BND001
# family: http.server
# shape: cross-module-dataclass-default
from http.server import HTTPServer, SimpleHTTPRequestHandler

from config import ServerConfig


def main():
    cfg = ServerConfig()
    httpd = HTTPServer((cfg.host, cfg.port), SimpleHTTPRequestHandler)
    httpd.serve_forever()
