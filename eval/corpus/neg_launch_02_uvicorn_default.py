# label: negative
# family: launch-command
# shape: omitted
import subprocess

# uvicorn listens on 127.0.0.1 unless --host is given
subprocess.Popen(["uvicorn", "main:app", "--reload", "--port", "8000"])
