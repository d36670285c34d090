# label: negative
# family: waitress
# shape: loopback
import waitress

from project.wsgi import application

waitress.serve(application, listen="localhost:8080")
