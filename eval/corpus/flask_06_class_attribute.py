# label: positive BND002
# family: flask
# shape: class-attribute
from flask import Flask


class Config:
    HOST = "0.0.0.0"
    PORT = 5000
    DEBUG = False


app = Flask(__name__)
app.config.from_object(Config)

if __name__ == "__main__":
    app.run(host=Config.HOST, port=Config.PORT, debug=Config.DEBUG)
