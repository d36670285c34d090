# label: positive BND002
# family: grpc
# shape: fstring
import grpc

HOST = "0.0.0.0"
PORT = 443


def start(server, key, chain):
    creds = grpc.ssl_server_credentials([(key, chain)])
    server.add_secure_port(f"{HOST}:{PORT}", creds)
    server.start()
