# label: negative
# family: flask
# shape: none
from flask import Flask

app = Flask(__name__)


def main(host=None, port=None):
    app.run(host=host, port=port, threaded=True)
