"""Demo: run the insights on the demo city's data (idempotent; a few seconds).

The demo's incidents are real Chicago aggravated assaults, so besides the configured
categories (burglary first) the near-repeat pattern is also computed for aggravated assault
(13A), to have a pattern to show. Enforcement data in the demo are synthetic, and every page
of the balance monitor says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from . import conf
from .models import NeedsAssessment

DEMO_NEAR_REPEAT = ["13A"]


def load_demo(out: Callable[[str], object] = print) -> None:
    from beatbridge.data.models import Incident

    from . import services

    if not Incident.objects.exists():
        out("  insights: no incident data, skipped")
        return
    started = time.monotonic()
    codes = list(dict.fromkeys([*conf.get("NEAR_REPEAT_CATEGORIES"), *DEMO_NEAR_REPEAT]))
    for code in codes:
        pattern = services.refresh_near_repeat(code, permutations=99)
        if pattern is not None:
            zone = (
                f"{pattern.risk_radius_m:.0f} m / {pattern.risk_days} days"
                if pattern.has_pattern
                else "no pattern"
            )
            out(f"  insights: near repeat {code}: {pattern.n_events} incidents, {zone}")
    out(f"  insights: trend alerts: {len(services.refresh_trend_alerts())}")
    out(f"  insights: wedge-risk alerts: {len(services.refresh_wedge_alerts())}")
    if not NeedsAssessment.objects.exists():
        done = services.run_all_needs_assessments()
        out(f"  insights: needs assessments: {len(done)}")
    out(f"  insights: done in {time.monotonic() - started:.1f} s")
