# label: positive BND002
# family: gunicorn
# shape: literal
bind = "0.0.0.0:8000"
workers = 4
accesslog = "-"
errorlog = "-"
loglevel = "info"
