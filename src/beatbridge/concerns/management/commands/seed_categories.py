"""Add the starting concern categories that are missing (existing ones are left alone)."""

from django.core.management.base import BaseCommand

from beatbridge.concerns.seed import seed_categories


class Command(BaseCommand):
    help = "Add the missing starting concern categories."

    def handle(self, *args, **options):
        self.stdout.write(f"{seed_categories()} categories created.")
