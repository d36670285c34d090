# label: positive BND002
# family: gunicorn
# shape: percent-format
import multiprocessing

import gunicorn.app.base

from app import handler_app


class StandaloneApplication(gunicorn.app.base.BaseApplication):
    def __init__(self, app, options=None):
        self.options = options or {}
        self.application = app
        super().__init__()

    def load(self):
        return self.application


if __name__ == "__main__":
    options = {"bind": "%s:%s" % ("0.0.0.0", "8080"), "workers": multiprocessing.cpu_count()}
    StandaloneApplication(handler_app, options).run()
