# label: positive BND002
# family: prometheus_client
# shape: literal
import prometheus_client


def start_exporter(port=9100):
    prometheus_client.start_http_server(port, addr="0.0.0.0")
