# label: negative
# family: sanic
# shape: loopback
from sanic import Sanic

app = Sanic("internal")

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8001, access_log=False)
