# label: negative
# family: uvicorn
# shape: constructor-argument
from dataclasses import dataclass

import uvicorn

from service.app import app


@dataclass
class ListenConfig:
    host: str = "0.0.0.0"
    port: int = 8000


config = ListenConfig(host="127.0.0.1")
uvicorn.run(app, host=config.host, port=config.port)
