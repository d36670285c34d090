# label: positive BND001
# family: xmlrpc.server
# shape: literal
from xmlrpc.server import SimpleXMLRPCServer


def add(x, y):
    return x + y


server = SimpleXMLRPCServer(("0.0.0.0", 8000), allow_none=True)
server.register_function(add, "add")
server.serve_forever()
