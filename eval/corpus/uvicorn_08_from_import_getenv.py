# label: positive BND004
# family: uvicorn
# shape: getenv-default
from os import getenv

from uvicorn import run

from backend.app import app

if __name__ == "__main__":
    run(app, host=getenv("UVICORN_HOST", "0.0.0.0"), port=int(getenv("UVICORN_PORT", "8000")))
