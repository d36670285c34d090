# label: positive BND004
# family: socket.bind
# shape: typer-default
import socket

import typer

app = typer.Typer()


@app.command()
def listen(host: str = typer.Option("0.0.0.0", help="interface"), port: int = 9000):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((host, port))
    s.listen()
