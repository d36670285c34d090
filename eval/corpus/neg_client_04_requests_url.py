# label: negative
# family: client
# shape: url-string
import requests


def service_is_healthy(port=8000):
    try:
        return requests.get("http://0.0.0.0:%d/health" % port, timeout=2).ok
    except requests.RequestException:
        return False
