# label: positive BND002
# family: uvicorn
# shape: conditional
import os

import uvicorn

IN_CONTAINER = os.path.exists("/.dockerenv")
HOST = "0.0.0.0" if IN_CONTAINER else "127.0.0.1"

if __name__ == "__main__":
    uvicorn.run("main:app", host=HOST, port=8000)
