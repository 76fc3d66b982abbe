import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beatbridge.ops.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into one .tar.gz (with a manifest)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Where to write (default beatbridge-backup-<time>.tar.gz)."
        )

    def handle(self, *args, path=None, **options):
        target = Path(path or f"beatbridge-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            summary = make_backup(target)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {summary.rows} rows of {summary.models} models and "
            f"{summary.files} media files to {summary.path}."
        )
