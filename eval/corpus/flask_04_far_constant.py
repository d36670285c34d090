# label: positive BND002
# family: flask
# shape: module-constant-far
from flask import Flask, jsonify

HOST = "0.0.0.0"
PORT = 8000
DEBUG = False

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="up")


@app.get("/version")
def version():
    return jsonify(version="1.4.2")


def main():
    app.run(host=HOST, port=PORT, debug=DEBUG)
