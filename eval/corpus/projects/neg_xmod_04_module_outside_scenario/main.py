# label: negative
# family: uvicorn
# shape: cross-module-unknown
import uvicorn

import config  # not part of this project: installed or generated elsewhere

if __name__ == "__main__":
    uvicorn.run("api:app", host=config.HOST, port=config.PORT)
