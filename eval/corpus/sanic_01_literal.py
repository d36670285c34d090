# label: positive BND002
# family: sanic
# shape: literal
from sanic import Sanic
from sanic.response import json

app = Sanic("MyHelloWorldApp")


@app.get("/")
async def hello_world(request):
    return json({"hello": "world"})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, workers=4)
