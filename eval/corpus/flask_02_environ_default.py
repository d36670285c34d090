# label: positive BND004
# family: flask
# shape: environ-get-default
import os

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(
        host=os.environ.get("FLASK_RUN_HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", 5000)),
    )
