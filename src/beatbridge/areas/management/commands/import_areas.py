from django.core.management.base import BaseCommand, CommandError

from beatbridge.areas.models import AreaKind
from beatbridge.areas.services import AreaImportError, import_areas


class Command(BaseCommand):
    help = "Import or update areas (districts, beats, sectors, neighborhoods) from GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON FeatureCollection of Polygon/MultiPolygon")
        parser.add_argument("--kind", required=True, choices=AreaKind.values)
        parser.add_argument("--code-field", required=True, help="property holding the code")
        parser.add_argument("--name-field", help="property holding the name (default: code)")
        parser.add_argument("--parent-kind", choices=AreaKind.values)
        parser.add_argument("--population-field", help="property holding the population")
        parser.add_argument(
            "--name-template", help="e.g. 'Beat {code}' to build names from the code"
        )

    def handle(self, *args, **opts):
        try:
            summary = import_areas(
                opts["file"],
                kind=opts["kind"],
                code_field=opts["code_field"],
                name_field=opts["name_field"],
                parent_kind=opts["parent_kind"],
                population_field=opts["population_field"],
                name_template=opts["name_template"],
            )
        except AreaImportError as exc:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(exc.errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{opts['kind']}: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged"
                + (
                    f", {summary.parents_linked} linked to a {opts['parent_kind']}"
                    if opts["parent_kind"]
                    else ""
                )
            )
        )
