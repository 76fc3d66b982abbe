from django.core.management.base import BaseCommand, CommandError

from beatbridge.analysis.services import run_all_needs_assessments, run_needs_assessment
from beatbridge.areas.models import Area, AreaKind


class Command(BaseCommand):
    help = "Run the needs assessment for one neighborhood (by code) or for all."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="neighborhood codes (default: all)")

    def handle(self, *args, **opts):
        if opts["codes"]:
            done = []
            for code in opts["codes"]:
                area = Area.objects.filter(kind=AreaKind.NEIGHBORHOOD, code=code).first()
                if area is None:
                    raise CommandError(f"No neighborhood with code {code}")
                done.append(run_needs_assessment(area))
        else:
            done = run_all_needs_assessments()
        proposals = sum(1 for a in done if a.proposal_id)
        self.stdout.write(f"assessed: {len(done)}, agenda proposals: {proposals}")
