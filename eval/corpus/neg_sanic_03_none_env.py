# label: negative
# family: sanic
# shape: environ-get-default
import os

from sanic import Sanic

app = Sanic("worker")

if __name__ == "__main__":
    app.run(host=os.environ.get("SANIC_HOST"), port=8000)
