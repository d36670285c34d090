# label: positive BND002
# family: launch-command
# shape: django-call-command
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args, **options):
        call_command("migrate")
        call_command("runserver", "0.0.0.0:8000")
