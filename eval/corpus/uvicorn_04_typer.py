# label: positive BND004
# family: uvicorn
# shape: typer-default
import typer
import uvicorn

cli = typer.Typer()


@cli.command()
def serve(
    host: str = typer.Option("0.0.0.0", "--host", help="bind address"),
    port: int = typer.Option(8080, "--port"),
):
    uvicorn.run("server:app", host=host, port=port)
