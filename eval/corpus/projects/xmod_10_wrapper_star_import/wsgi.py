# label: positive BND002
# family: waitress
# shape: cross-module-wrapper-star
from helpers import *


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


if __name__ == "__main__":
    run_server(application, "0.0.0.0")
