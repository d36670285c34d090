# label: positive BND003
# family: launch-command
# shape: omitted
import subprocess
import sys


def serve_docs(directory, port=8000):
    # python -m http.server binds every interface unless --bind is given
    return subprocess.Popen([sys.executable, "-m", "http.server", str(port)], cwd=directory)
