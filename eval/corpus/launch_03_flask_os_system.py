# label: positive BND002
# family: launch-command
# shape: shell-string
import os

os.environ["FLASK_APP"] = "app.py"
os.system("flask run --host=0.0.0.0 --port=5000")
