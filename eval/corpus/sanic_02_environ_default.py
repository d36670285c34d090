# label: positive BND004
# family: sanic
# shape: environ-get-default
import os

from sanic import Sanic

app = Sanic("gateway")

if __name__ == "__main__":
    app.run(host=os.environ.get("SANIC_HOST", "0.0.0.0"), port=int(os.environ.get("PORT", 8000)))
