# label: positive BND003
# family: waitress
# shape: omitted
import waitress
from pyramid.config import Configurator


def main():
    with Configurator() as config:
        config.scan("views")
        app = config.make_wsgi_app()
    waitress.serve(app)
