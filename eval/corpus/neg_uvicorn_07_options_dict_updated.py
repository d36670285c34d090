# label: negative
# family: uvicorn
# shape: dict-unpacking
import uvicorn

from service.app import create_app

options = dict(host="0.0.0.0", port=8000)
if __name__ == "__main__":
    options["host"] = "127.0.0.1"
    uvicorn.run(create_app(), **options)
