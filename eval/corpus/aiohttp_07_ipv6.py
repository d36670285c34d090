# label: positive BND002
# family: aiohttp
# shape: literal-ipv6
from aiohttp import web

app = web.Application()
web.run_app(app, host="::", port=8080, access_log=None)
