# label: negative
# family: sanic
# shape: default-loopback
from sanic import Sanic
from sanic.response import text

app = Sanic("MyApp")


@app.get("/")
async def index(request):
    return text("hi")


if __name__ == "__main__":
    app.run(port=8000, debug=True)
