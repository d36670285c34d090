# label: negative
# family: socket
# shape: cross-module-wrapper
from helpers import announce as start
from helpers import listen as open_listener

start("", 9000)
open_listener("127.0.0.1", 9000)
