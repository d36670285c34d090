import uvicorn


def serve(app, host, port=8000):
    uvicorn.run(app, host=host, port=port, log_level="info")
