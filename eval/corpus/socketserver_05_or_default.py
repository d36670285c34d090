# label: positive BND001
# family: socketserver
# shape: or-default
import socketserver


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"ok\n")


def start(port, host=None):
    server = socketserver.ForkingTCPServer((host or "0.0.0.0", port), Handler)
    server.serve_forever()
