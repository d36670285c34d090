# label: negative
# family: flask
# shape: default-loopback
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True, port=5001)
