# label: positive BND004
# family: uvicorn
# shape: settings-default
import uvicorn
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    host: str = "0.0.0.0"
    port: int = 8000
    workers: int = 1


settings = Settings()

if __name__ == "__main__":
    uvicorn.run("main:app", host=settings.host, port=settings.port, workers=settings.workers)
