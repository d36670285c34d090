# label: negative
# family: flask
# shape: thread-target
import threading

from flask import Flask

app = Flask(__name__)


def start_health_server():
    thread = threading.Thread(target=app.run, kwargs={"port": 8081}, daemon=True)
    thread.start()
    return thread
