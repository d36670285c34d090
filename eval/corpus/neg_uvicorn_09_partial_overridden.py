# label: negative
# family: uvicorn
# shape: partial
from functools import partial

import uvicorn

from service.app import app

run = partial(uvicorn.run, host="0.0.0.0", port=80)

if __name__ == "__main__":
    run(app, host="127.0.0.1")
