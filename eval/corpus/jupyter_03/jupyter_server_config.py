# label: positive BND004
# family: jupyter
# shape: environ-get-default
import os

c = get_config()
c.ServerApp.ip = os.environ.get("JUPYTER_IP", "0.0.0.0")
c.ServerApp.port = int(os.environ.get("JUPYTER_PORT", "8888"))
