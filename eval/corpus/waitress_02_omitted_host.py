# label: positive BND003
# family: waitress
# shape: omitted
from waitress import serve

from app import create_app

app = create_app()

if __name__ == "__main__":
    serve(app, port=8080)
