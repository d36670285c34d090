# label: positive BND003
# family: aiohttp
# shape: thread-target
import multiprocessing

from aiohttp import web

from metrics.handlers import routes


def build():
    app = web.Application()
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    worker = multiprocessing.Process(target=web.run_app, args=(build(),), kwargs={"port": 9102})
    worker.start()
