# label: negative
# family: launch-command
# shape: argv-literal
import subprocess
import sys

# a port alone keeps Django's default address, 127.0.0.1
subprocess.run([sys.executable, "manage.py", "runserver", "8000"], check=True)
