import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Beatbridge in production: collect static files, migrate, run gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3))
        )
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **opts):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        gunicorn = shutil.which("gunicorn") or os.path.join(
            os.path.dirname(sys.executable), "gunicorn"
        )
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn is not installed.")
        argv = [
            gunicorn,
            "beatbridge.wsgi:application",
            "--bind",
            opts["bind"],
            "--workers",
            str(opts["workers"]),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(f"Serving on http://{opts['bind']}/ with {opts['workers']} workers")
        sys.stdout.flush()
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn
