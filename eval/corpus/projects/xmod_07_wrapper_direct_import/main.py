# label: positive BND002
# family: uvicorn
# shape: cross-module-wrapper
from fastapi import FastAPI

from helpers import serve

app = FastAPI()

if __name__ == "__main__":
    serve(app, "0.0.0.0", 8000)
