# label: negative
# family: launch-command
# shape: not-a-server
import subprocess

subprocess.run(["ping", "-c", "1", "0.0.0.0"], check=False)
subprocess.run(["ls", "0.0.0.0"], check=False)
