from django.core.management.base import BaseCommand

from beatbridge.subscriptions.statistics import publish_monthly_statistics


class Command(BaseCommand):
    help = "Publish last month's crime statistics to each area's subscribers (once a month)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count areas, send nothing")

    def handle(self, *args, **options) -> None:
        count = publish_monthly_statistics(dry_run=options["dry_run"])
        what = "area(s) would get statistics" if options["dry_run"] else "deliveries queued"
        self.stdout.write(f"{count} {what}")
