from django.core.management.base import BaseCommand

from beatbridge.analysis.services import (
    refresh_all_near_repeat,
    refresh_trend_alerts,
    refresh_wedge_alerts,
)


class Command(BaseCommand):
    help = "Recompute near-repeat patterns, trend alerts and wedge-risk alerts."

    def add_arguments(self, parser):
        parser.add_argument("--skip-near-repeat", action="store_true")

    def handle(self, *args, **opts):
        if not opts["skip_near_repeat"]:
            self.stdout.write(f"near-repeat patterns: {len(refresh_all_near_repeat())}")
        self.stdout.write(f"trend alerts: {len(refresh_trend_alerts())}")
        self.stdout.write(f"wedge-risk alerts open: {len(refresh_wedge_alerts())}")
