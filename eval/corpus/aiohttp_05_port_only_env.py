# label: positive BND003
# family: aiohttp
# shape: omitted
import os

from aiohttp import web

from webhook import handle

app = web.Application()
app.router.add_post("/hook", handle)
web.run_app(app, port=int(os.environ.get("PORT", 8080)))
