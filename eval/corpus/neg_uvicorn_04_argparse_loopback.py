# label: negative
# family: uvicorn
# shape: argparse-default
import argparse

import uvicorn

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1", help="pass 0.0.0.0 to expose the API")
    parser.add_argument("--port", default=8000, type=int)
    args = parser.parse_args()
    uvicorn.run("server:app", host=args.host, port=args.port, reload=True)
