# label: negative
# family: bottle
# shape: default-loopback
import bottle

app = bottle.Bottle()


@app.get("/")
def index():
    return "hi"


bottle.run(app, reloader=True)
