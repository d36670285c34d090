# label: positive BND003
# family: prometheus_client
# shape: omitted
import os

from prometheus_client import start_http_server


def maybe_start_metrics():
    port = int(os.getenv("METRICS_PORT", "9090"))
    start_http_server(port)
