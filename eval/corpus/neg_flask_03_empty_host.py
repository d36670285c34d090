# label: negative
# family: flask
# shape: literal-empty
from flask import Flask

HOST = ""

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host=HOST, port=5000)
