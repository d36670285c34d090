# label: negative
# family: launch-command
# shape: argv-literal
import subprocess
import sys

subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "8000"])
