# label: negative
# family: gunicorn
# shape: unix-socket
bind = "unix:/run/gunicorn.sock"
workers = 5
umask = 0o007
