# label: negative
# family: uvicorn
# shape: cross-module-shadowed
import uvicorn

from config import HOST, PORT


def main(app, local_only=True):
    HOST = "127.0.0.1"
    uvicorn.run(app, host=HOST, port=PORT)
