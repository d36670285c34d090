from waitress import serve

__all__ = ["run_server"]


def run_server(app, host, port=8080):
    serve(app, host=host, port=port, threads=4)
