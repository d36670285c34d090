# label: negative
# family: waitress
# shape: unknown
from waitress import serve


def run(app, host, port):
    serve(app, host=host, port=port, threads=4)
