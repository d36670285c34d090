# label: positive BND002
# family: uvicorn
# shape: partial
import functools

import uvicorn

from service.app import app

run_public = functools.partial(uvicorn.run, host="0.0.0.0", port=80)

if __name__ == "__main__":
    run_public(app)
