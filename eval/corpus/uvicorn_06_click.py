# label: positive BND004
# family: uvicorn
# shape: click-default
import click
import uvicorn


@click.command()
@click.option("--host", default="0.0.0.0", help="Bind socket to this host.")
@click.option("--port", default=8000, type=int)
def main(host: str, port: int) -> None:
    uvicorn.run("api:app", host=host, port=port)


if __name__ == "__main__":
    main()
