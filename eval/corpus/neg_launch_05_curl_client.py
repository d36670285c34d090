# label: negative
# family: client
# shape: shell-string
import os

os.system("curl -s http://0.0.0.0:8000/health || exit 1")
