# label: positive BND002
# family: flask
# shape: cross-module-constant
from app import app, settings

if __name__ == "__main__":
    app.run(host=settings.HOST, port=settings.PORT, debug=settings.DEBUG)
