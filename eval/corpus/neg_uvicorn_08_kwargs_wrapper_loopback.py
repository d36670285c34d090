# label: negative
# family: uvicorn
# shape: kwargs-wrapper
import uvicorn

from service.app import app


def serve(application, **server_options):
    uvicorn.run(application, log_config=None, **server_options)


if __name__ == "__main__":
    serve(app, host="127.0.0.1", port=8000)
