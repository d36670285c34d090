# label: positive BND001
# family: http.server
# shape: tuple-variable
from http.server import BaseHTTPRequestHandler, HTTPServer


def run(server_class=HTTPServer, handler_class=BaseHTTPRequestHandler):
    server_address = ('', 8000)
    httpd = server_class(server_address, handler_class)
    httpd.serve_forever()


if __name__ == "__main__":
    run()
