import uvicorn


def serve_app(app, host, port=8000, reload=False):
    uvicorn.run(app, host=host, port=port, reload=reload)
