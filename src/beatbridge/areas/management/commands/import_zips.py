from django.core.management.base import BaseCommand, CommandError

from beatbridge.areas.services import AreaImportError
from beatbridge.areas.zips import import_zips


class Command(BaseCommand):
    help = "Import ZIP code boundaries (GeoJSON) so that search and the geocoder know ZIP codes."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--code-field", default="zip", help="property holding the ZIP code")

    def handle(self, *args, **opts):
        try:
            created, updated = import_zips(opts["path"], code_field=opts["code_field"])
        except (AreaImportError, OSError) as exc:
            raise CommandError("\n".join(getattr(exc, "errors", [str(exc)]))) from exc
        self.stdout.write(self.style.SUCCESS(f"ZIP codes: {created} created, {updated} updated"))
