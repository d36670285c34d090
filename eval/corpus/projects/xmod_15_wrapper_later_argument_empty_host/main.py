# label: positive BND002
# family: uvicorn
# shape: cross-module-wrapper
from fastapi import FastAPI

from web import serve_app

app = FastAPI()

if __name__ == "__main__":
    serve_app(
        app,
        "",
        port=8080,
    )
