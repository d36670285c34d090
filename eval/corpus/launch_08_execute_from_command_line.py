# label: positive BND002
# family: launch-command
# shape: django-argv
import os

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
execute_from_command_line(["manage.py", "runserver", "0.0.0.0:8000", "--noreload"])
