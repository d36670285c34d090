# label: negative
# family: flask
# shape: environ-get-default
import os

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host=os.environ.get("FLASK_HOST", "127.0.0.1"), port=int(os.environ.get("FLASK_PORT", "5000")))
