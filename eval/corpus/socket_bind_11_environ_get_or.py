# label: positive BND004
# family: socket.bind
# shape: environ-get-or
import os
import socket

BIND_HOST = os.environ.get("AGENT_BIND_HOST") or "0.0.0.0"

agent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
agent.bind((BIND_HOST, 9400))
agent.listen(8)
