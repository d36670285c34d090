# label: negative
# family: socketserver
# shape: loopback
import socketserver


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(self.request.recv(1024))


with socketserver.TCPServer(("localhost", 9999), Handler) as server:
    server.serve_forever()
