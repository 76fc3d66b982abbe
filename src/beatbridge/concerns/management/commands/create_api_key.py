"""``beatbridge create_api_key CLIENT_NAME``: issue an Open311 API key and print it once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beatbridge.concerns.models import ApiClient
from beatbridge.concerns.open311.keys import issue_key


class Command(BaseCommand):
    help = "Create an Open311 API client and print its new key (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The client's name, e.g. 'City 311 app'.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Give an existing client a new key (the old key stops working).",
        )

    def handle(self, *args, name: str, rotate: bool, **options) -> None:
        name = name.strip()
        if not name:
            raise CommandError("Give the client a name.")
        exists = ApiClient.objects.filter(name=name).exists()
        if exists and not rotate:
            raise CommandError(
                f"An API client named {name!r} already exists. Use --rotate for a new key."
            )
        if rotate and not exists:
            raise CommandError(f"No API client named {name!r}.")
        client, raw = issue_key(name, rotate=rotate)
        self.stderr.write(
            f"{'New key for' if rotate else 'Created API client'} {client.name!r} "
            f"(prefix {client.key_prefix}). Store the key now: it is not shown again."
        )
        self.stdout.write(raw)
