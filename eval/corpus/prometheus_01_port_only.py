# label: positive BND003
# family: prometheus_client
# shape: omitted
import time

from prometheus_client import Counter, start_http_server

REQUESTS = Counter("app_requests_total", "Requests")

if __name__ == "__main__":
    start_http_server(8000)
    while True:
        REQUESTS.inc()
        time.sleep(1)
