from ._importcommand import ImportCommand


class Command(ImportCommand):
    help = "Import enforcement actions (stops, citations, arrests…) with a mapping (TOML)."
    kind = "enforcement"
