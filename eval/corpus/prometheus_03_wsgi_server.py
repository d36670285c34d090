# label: positive BND003
# family: prometheus_client
# shape: omitted
from prometheus_client import start_wsgi_server

DEFAULT_PORT = 8082


class Metrics:
    def __init__(self, port=DEFAULT_PORT):
        self.port = port

    def start(self):
        start_wsgi_server(self.port)
