# label: positive BND002
# family: launch-command
# shape: argv-literal
import subprocess
import sys

subprocess.run([sys.executable, "manage.py", "runserver", "0:8000"], check=True)
