# label: negative
# family: uvicorn
# shape: reassigned-loopback
import uvicorn

host = "0.0.0.0"
port = 8000
# bound locally; nginx in front terminates TLS and proxies
host = "127.0.0.1"

uvicorn.run("app.main:app", host=host, port=port, proxy_headers=True)
