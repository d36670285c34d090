# label: positive BND001
# family: socketserver
# shape: subclass
import socketserver


class ThreadedTCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"pong")


server = ThreadedTCPServer(("0.0.0.0", 6379), Handler)
server.serve_forever()
