# label: negative
# family: aiohttp
# shape: unix-socket
from aiohttp import web

from routes import setup

app = web.Application()
setup(app)
web.run_app(app, path="/run/app/app.sock")
