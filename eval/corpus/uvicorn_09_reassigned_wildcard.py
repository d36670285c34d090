# label: positive BND002
# family: uvicorn
# shape: reassigned-wildcard
import uvicorn

HOST = "127.0.0.1"
PORT = 8000
# the container needs to be reachable from the compose network
HOST = "0.0.0.0"

uvicorn.run("app.main:app", host=HOST, port=PORT)
