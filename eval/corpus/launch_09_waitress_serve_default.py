# label: positive BND003
# family: launch-command
# shape: omitted
import subprocess


def serve(app_path):
    # waitress-serve listens on 0.0.0.0:8080 unless told otherwise
    subprocess.run(["waitress-serve", "--port=8080", app_path], check=True)
