# label: positive BND002
# family: waitress
# shape: fstring
import os

from waitress import serve

from app import app

PORT = int(os.environ.get("PORT", 5000))

serve(app, listen=f"*:{PORT}")
