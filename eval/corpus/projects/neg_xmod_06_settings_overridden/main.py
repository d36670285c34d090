# label: negative
# family: uvicorn
# shape: cross-module-settings-default
import uvicorn

from settings import Settings

if __name__ == "__main__":
    settings = Settings(host="127.0.0.1")
    uvicorn.run("api:app", host=settings.host, port=settings.port)
