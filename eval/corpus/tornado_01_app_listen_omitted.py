# label: positive BND003
# family: tornado
# shape: omitted
import asyncio

import tornado.web


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello, world")


async def main():
    app = tornado.web.Application([(r"/", MainHandler)])
    app.listen(8888)
    await asyncio.Event().wait()
