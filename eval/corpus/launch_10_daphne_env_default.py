# label: positive BND004
# family: launch-command
# shape: environ-default
import os
import subprocess

host = os.environ.get("DAPHNE_HOST", "0.0.0.0")
subprocess.run(["daphne", "-b", host, "-p", "8001", "project.asgi:application"])
