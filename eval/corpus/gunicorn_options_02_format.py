# label: positive BND002
# family: gunicorn
# shape: str-format
from gunicorn.app.base import BaseApplication

HOST = "0.0.0.0"
PORT = 9000


class Server(BaseApplication):
    def __init__(self, app, options):
        self.options, self.application = options, app
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def main(app):
    Server(app, {"bind": "{}:{}".format(HOST, PORT), "workers": 2}).run()
