# label: negative
# family: http.server
# shape: loopback
import webbrowser
from http.server import BaseHTTPRequestHandler, HTTPServer

REDIRECT_PORT = 8765


class Callback(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.code = self.path
        self.send_response(200)
        self.end_headers()


def get_code(auth_url):
    httpd = HTTPServer(("localhost", REDIRECT_PORT), Callback)
    webbrowser.open(auth_url)
    httpd.handle_request()
    return httpd.code
