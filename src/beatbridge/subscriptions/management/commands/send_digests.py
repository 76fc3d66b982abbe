from django.core.management.base import BaseCommand

from beatbridge.subscriptions.digests import send_digests


class Command(BaseCommand):
    help = "Send the daily (and, on Mondays, weekly) notification digests that are due."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=["daily", "weekly"],
            action="append",
            help="send only these digests (default: those due today)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args, **options) -> None:
        count = send_digests(frequencies=options["frequency"], dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {count} digest(s)")
