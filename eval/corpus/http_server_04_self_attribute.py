# label: positive BND001
# family: http.server
# shape: self-attribute
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class WebhookReceiver:
    def __init__(self, port):
        self.address = ("0.0.0.0", port)
        self.httpd = None

    def start(self):
        self.httpd = HTTPServer(self.address, BaseHTTPRequestHandler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
