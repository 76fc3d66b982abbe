from ._importcommand import ImportCommand


class Command(ImportCommand):
    help = "Import crime incidents from a CSV/GeoJSON file with a mapping (TOML)."
    kind = "incidents"
