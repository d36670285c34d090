# label: negative
# family: uvicorn
# shape: cross-module-wrapper
from fastapi import FastAPI

from helpers import serve

app = FastAPI()

if __name__ == "__main__":
    serve(app, "127.0.0.1", 8000)
