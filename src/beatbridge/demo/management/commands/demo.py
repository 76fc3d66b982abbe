from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from beatbridge.core.discovery import app_modules
from beatbridge.demo.city import DEMO_PASSWORD, load_city
from beatbridge.demo.citywide import load_citywide


class Command(BaseCommand):
    help = "Set up the demo city (Chicago) and serve it on http://127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="stop after loading")

    def handle(self, *args, **opts):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated. Loading the demo city (Chicago)…")
        people = load_city(out=self.stdout.write)
        # Each app may add its own demo data in <app>/demo.py: load_demo(out).
        # The rest of the city joins after the apps' own demo data and before the analyses
        # (analysis/demo.py) that read it.
        citywide_done = False
        for module in app_modules("demo"):
            if module.__name__ == "beatbridge.analysis.demo" and not citywide_done:
                load_citywide(out=self.stdout.write)
                citywide_done = True
            if hasattr(module, "load_demo"):
                module.load_demo(out=self.stdout.write)
        if not citywide_done:
            load_citywide(out=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        )
        for person, user in people:
            self.stdout.write(f"  {person.role:<11} {user.email:<34} {user.display_name}")
        if opts["no_serve"]:
            return
        port = opts["port"]
        self.stdout.write(
            self.style.SUCCESS(f"\nServing on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        )
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
