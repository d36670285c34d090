# label: positive BND001
# family: wsgiref
# shape: literal-empty
from wsgiref.simple_server import make_server


def simple_app(environ, start_response):
    start_response("200 OK", [("Content-type", "text/plain")])
    return [b"Hello world!\n"]


with make_server('', 8000, simple_app) as httpd:
    print("Serving on port 8000...")
    httpd.serve_forever()
