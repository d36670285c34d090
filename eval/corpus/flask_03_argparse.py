# label: positive BND004
# family: flask
# shape: argparse-default
import argparse

from webapp import create_app

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="0.0.0.0", help="interface to bind")
    parser.add_argument("-p", "--port", type=int, default=8080)
    args = parser.parse_args()
    app = create_app()
    app.run(host=args.host, port=args.port)
