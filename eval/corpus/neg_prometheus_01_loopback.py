# label: negative
# family: prometheus_client
# shape: loopback
from prometheus_client import start_http_server

start_http_server(8000, addr="127.0.0.1")
