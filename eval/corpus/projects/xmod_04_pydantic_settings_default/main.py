# label: positive BND004
# family: uvicorn
# shape: cross-module-settings-default
import uvicorn

from settings import settings

if __name__ == "__main__":
    uvicorn.run("api:app", host=settings.host, port=settings.port, workers=settings.workers)
