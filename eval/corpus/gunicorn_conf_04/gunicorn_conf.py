# label: positive BND002
# family: gunicorn
# shape: endpoint-literal
bind = ["[::]:8000"]
workers = 3
timeout = 120
keepalive = 5
