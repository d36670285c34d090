# label: positive BND002
# family: flask
# shape: parameter-default
from flask import Flask

app = Flask("dashboard")


def serve(host="0.0.0.0", port=8050, debug=False):
    app.run(host=host, port=port, debug=debug, use_reloader=False)


if __name__ == "__main__":
    serve()
