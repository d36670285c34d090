# label: negative
# family: uvicorn
# shape: unix-socket
import uvicorn

from app import app

if __name__ == "__main__":
    uvicorn.run(app, uds="/tmp/uvicorn.sock", proxy_headers=True)
