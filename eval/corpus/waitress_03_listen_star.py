# label: positive BND002
# family: waitress
# shape: endpoint-literal
import waitress

from project.wsgi import application

waitress.serve(application, listen="*:8080", url_scheme="https")
