# label: positive BND002
# family: launch-command
# shape: argv-constant
import subprocess

BIND = "0.0.0.0:8000"
CMD = ["gunicorn", "-b", BIND, "--workers", "4", "wsgi:application"]


def main():
    subprocess.check_call(CMD)
