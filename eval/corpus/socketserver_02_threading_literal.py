# label: positive BND001
# family: socketserver
# shape: literal
import socketserver


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


def serve(port=7777):
    server = socketserver.ThreadingTCPServer(("0.0.0.0", port), Echo)
    server.daemon_threads = True
    server.serve_forever()
