# label: positive BND002
# family: uvicorn
# shape: dict-unpacking
import uvicorn

from service.app import create_app

SERVER_OPTIONS = {
    "host": "0.0.0.0",
    "port": 8000,
    "log_level": "info",
}

if __name__ == "__main__":
    uvicorn.run(create_app(), **SERVER_OPTIONS)
