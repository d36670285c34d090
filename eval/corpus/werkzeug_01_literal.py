# label: positive BND002
# family: werkzeug
# shape: literal
from werkzeug.serving import run_simple

from myservice import make_wsgi_app

if __name__ == "__main__":
    run_simple("0.0.0.0", 4000, make_wsgi_app(), use_reloader=True, use_debugger=True)
