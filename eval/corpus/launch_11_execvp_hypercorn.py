# label: positive BND002
# family: launch-command
# shape: os-exec
import os


def exec_server():
    args = ["hypercorn", "--bind", "[::]:8443", "app:app"]
    os.execvp(args[0], args)
