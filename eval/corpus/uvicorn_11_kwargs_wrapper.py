# label: positive BND002
# family: uvicorn
# shape: kwargs-wrapper
import uvicorn

from service.app import app


def serve(application, **server_options):
    """Run the API with our logging defaults."""
    uvicorn.run(application, log_config=None, **server_options)


if __name__ == "__main__":
    serve(app, host="0.0.0.0", port=8000)
