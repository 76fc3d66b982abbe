from django.core.management.base import BaseCommand

from beatbridge.analysis import conf
from beatbridge.analysis.services import refresh_near_repeat


class Command(BaseCommand):
    help = "Recompute near-repeat patterns (Knox, last year) and open elevated-risk zones."

    def add_arguments(self, parser):
        parser.add_argument("categories", nargs="*", help="NIBRS codes (default: configured)")
        parser.add_argument("--permutations", type=int, default=None)

    def handle(self, *args, **opts):
        codes = opts["categories"] or conf.get("NEAR_REPEAT_CATEGORIES")
        for code in codes:
            pattern = refresh_near_repeat(code, permutations=opts["permutations"])
            if pattern is None:
                self.stderr.write(f"{code}: no such offense category")
                continue
            zone = (
                f"zone {pattern.risk_radius_m:.0f} m / {pattern.risk_days} days"
                if pattern.has_pattern
                else "no significant near-repeat pattern"
            )
            self.stdout.write(f"{code}: {pattern.n_events} incidents, {zone}")
