# label: positive BND002
# family: bottle
# shape: module-constant
import bottle

HOST = "0.0.0.0"
PORT = 8081


@bottle.get("/")
def index():
    return "ok"


if __name__ == "__main__":
    bottle.run(host=HOST, port=PORT, server="paste")
