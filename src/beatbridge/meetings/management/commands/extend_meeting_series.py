"""Materialize recurring meeting series up to the horizon (what the nightly job does)."""

from django.core.management.base import BaseCommand

from beatbridge.meetings.services import extend_all_series


class Command(BaseCommand):
    help = "Create the upcoming occurrences of every recurring meeting series."

    def handle(self, *args, **options):
        created = extend_all_series()
        self.stdout.write(f"{created} meetings created")
