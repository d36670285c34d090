# label: negative
# family: bottle
# shape: loopback
from bottle import route, run


@route("/")
def index():
    return "hi"


run(host="localhost", port=8080, debug=True)
