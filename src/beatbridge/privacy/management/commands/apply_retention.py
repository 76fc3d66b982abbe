from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beatbridge.privacy import services


class Command(BaseCommand):
    help = (
        "Delete closed tips' conversations after RETENTION_TIP_MONTHS and scrub closed "
        "concerns' contact details after RETENTION_CONTACT_MONTHS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument("--yes", action="store_true", help="Really delete and scrub.")

    def handle(self, *args, dry_run=False, yes=False, **options):
        if not dry_run and not yes:
            raise CommandError("This deletes data: pass --yes, or --dry-run to count only.")
        result = services.apply_retention(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"Tips (closed > {settings.RETENTION_TIP_MONTHS or 'off'} months): "
            f"{result.tips_deleted} {verb} deleted with {result.tip_messages_deleted} messages."
        )
        self.stdout.write(
            f"Concerns (closed > {settings.RETENTION_CONTACT_MONTHS or 'off'} months): "
            f"contact details of {result.concerns_scrubbed} {verb} scrubbed."
        )
