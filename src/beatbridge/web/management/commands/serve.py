import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from beatbridge.web.logmask import ACCESS_LOG_FORMAT

LOGGER_CLASS = "beatbridge.web.gunicorn_logging.PrivateLogger"


class Command(BaseCommand):
    help = (
        "Serve Beatbridge in production: collect static files, migrate, run gunicorn. "
        "No access log unless --access-log (or ACCESS_LOG) names a file or '-' (stdout); "
        "its lines hold no client address or user agent, and secret links are masked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3))
        )
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="static files are collected already"
        )
        parser.add_argument(
            "--access-log",
            default=os.environ.get("ACCESS_LOG", ""),
            metavar="PATH",
            help="write an access log to PATH ('-' for stdout); default: none (env ACCESS_LOG)",
        )

    def handle(self, *args, **opts):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not opts["no_collectstatic"]:
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
            # Blanks client addresses and user agents, masks secret paths (error log too).
            "--logger-class",
            LOGGER_CLASS,
        ]
        if opts["access_log"]:
            argv += ["--access-logfile", opts["access_log"], "--access-logformat"]
            argv.append(ACCESS_LOG_FORMAT)
        self.stdout.write(f"Serving on http://{opts['bind']}/ with {opts['workers']} workers")
        sys.stdout.flush()
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn
