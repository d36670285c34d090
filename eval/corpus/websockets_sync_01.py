# label: positive BND002
# family: websockets
# shape: literal
from websockets.sync.server import serve


def echo(websocket):
    for message in websocket:
        websocket.send(message)


with serve(echo, "0.0.0.0", 8765) as server:
    server.serve_forever()
