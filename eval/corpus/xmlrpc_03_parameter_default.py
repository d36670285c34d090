# label: positive BND001
# family: xmlrpc.server
# shape: parameter-default
from xmlrpc.server import SimpleXMLRPCServer


class RPCService:
    def __init__(self, host="0.0.0.0", port=9090):
        self.server = SimpleXMLRPCServer((host, port), allow_none=True)
        self.server.register_instance(self)

    def ping(self):
        return "pong"
