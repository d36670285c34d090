# label: negative
# family: uvicorn
# shape: cross-module-constant
import uvicorn
from fastapi import FastAPI

from .config import HOST, PORT

app = FastAPI()


def main():
    uvicorn.run(app, host=HOST, port=PORT)
