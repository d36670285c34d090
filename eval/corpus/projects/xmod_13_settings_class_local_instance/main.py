# label: positive BND004
# family: uvicorn
# shape: cross-module-settings-default
import uvicorn

from settings import Settings


def main():
    settings = Settings()
    uvicorn.run("api:app", host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
