# label: positive BND002
# family: launch-command
# shape: argv-literal
import subprocess


def start_api(workers=1):
    return subprocess.Popen(
        ["uvicorn", "service.api:app", "--host", "0.0.0.0", "--port", "8000", "--workers", str(workers)]
    )
