"""Ask submitters of concerns resolved some weeks ago whether the problem is really fixed.

Huey runs this every six hours (tasks.fixed_check_task); the command is for cron setups
without a Huey worker, and for trying it out.
"""

from django.core.management.base import BaseCommand

from beatbridge.concerns.services import fixed_check_due, send_fixed_checks


class Command(BaseCommand):
    help = "Email 'is it really fixed?' questions that are due."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            self.stdout.write(f"{fixed_check_due().count()} fixed-checks are due.")
            return
        self.stdout.write(f"{send_fixed_checks()} fixed-check emails queued.")
