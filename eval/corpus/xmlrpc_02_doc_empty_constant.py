# label: positive BND001
# family: xmlrpc.server
# shape: module-constant
from xmlrpc.server import DocXMLRPCServer

BIND = ""
PORT = 8001

server = DocXMLRPCServer((BIND, PORT), logRequests=False)
server.set_server_title("Inventory RPC")
server.register_introspection_functions()
server.serve_forever()
