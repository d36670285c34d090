# label: positive BND001
# family: socketserver
# shape: module-constant
from socketserver import BaseRequestHandler, UDPServer

LISTEN_HOST = "0.0.0.0"
SYSLOG_PORT = 5514


class SyslogHandler(BaseRequestHandler):
    def handle(self):
        print(self.request[0].strip())


server = UDPServer((LISTEN_HOST, SYSLOG_PORT), SyslogHandler)
server.serve_forever(poll_interval=0.5)
