# label: positive BND002
# family: flask
# shape: thread-target
import threading

from flask import Flask

app = Flask(__name__)


@app.route("/health")
def health():
    return "ok"


def start_health_server():
    thread = threading.Thread(target=app.run, kwargs={"host": "0.0.0.0", "port": 8081}, daemon=True)
    thread.start()
    return thread
