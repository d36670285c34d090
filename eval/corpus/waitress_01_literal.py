# label: positive BND002
# family: waitress
# shape: literal
from waitress import serve

from mysite.wsgi import application

if __name__ == "__main__":
    serve(application, host="0.0.0.0", port=8080, threads=8)
