# label: positive BND004
# family: socket.bind
# shape: click-default
import socket

import click


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5050, type=int)
def serve(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((host, port))
    s.listen()
