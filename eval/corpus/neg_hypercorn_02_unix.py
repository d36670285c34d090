# label: negative
# family: hypercorn
# shape: unix-socket
from hypercorn.config import Config

config = Config()
config.bind = ["unix:/run/hypercorn.sock"]
config.workers = 2
