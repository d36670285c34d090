# label: positive BND002
# family: launch-command
# shape: shell-string
import subprocess


def launch_notebook(token):
    cmd = f"jupyter lab --ip=0.0.0.0 --port=8888 --no-browser --NotebookApp.token={token}"
    return subprocess.Popen(cmd, shell=True)
