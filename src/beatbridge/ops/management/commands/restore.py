from django.core.management.base import BaseCommand, CommandError

from beatbridge.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `beatbridge backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="Really restore.")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError("Restoring writes the whole database: pass --yes.")
        try:
            result = restore_backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result["counts"].values())
        differ = {
            label: (n, result["counts"].get(label, 0))
            for label, n in result["expected"].items()
            if result["counts"].get(label, 0) != n
        }
        self.stdout.write(f"Restored {rows} rows and {result['files']} media files.")
        if differ:
            raise CommandError(f"Row counts differ from the backup's manifest: {differ}")
