# label: positive BND002
# family: eventlet
# shape: literal
import eventlet
from eventlet import wsgi


def app(environ, start_response):
    start_response("200 OK", [])
    return [b"hi"]


wsgi.server(eventlet.listen(("0.0.0.0", 8090)), app)
