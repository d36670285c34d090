# label: positive BND004
# family: http.server
# shape: getenv-default
import http.server
import os

HOST = os.getenv("HTTP_HOST", "")
PORT = int(os.getenv("HTTP_PORT", "8080"))

handler = http.server.SimpleHTTPRequestHandler
with http.server.HTTPServer((HOST, PORT), handler) as httpd:
    httpd.serve_forever()
