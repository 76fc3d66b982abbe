"""The analysis app's verbs. Views, the API, commands, tasks and tests all call these."""

from .balance import (
    balance_overview,
    balance_series,
    check_area,
    evaluate,
    record_wedge_response,
    refresh_wedge_alerts,
)
from .hotspots import HotspotQuery, default_query, hotspot_map
from .nearrepeat import (
    active_elevated_risks,
    near_repeat_patterns_for,
    refresh_all_near_repeat,
    refresh_near_repeat,
    update_all_elevated_risks,
    update_elevated_risks,
)
from .needs import import_population_csv, run_all_needs_assessments, run_needs_assessment
from .trends import refresh_trend_alerts, trend_alerts_for

__all__ = [
    "HotspotQuery",
    "active_elevated_risks",
    "balance_overview",
    "balance_series",
    "check_area",
    "default_query",
    "evaluate",
    "hotspot_map",
    "import_population_csv",
    "near_repeat_patterns_for",
    "record_wedge_response",
    "refresh_all_near_repeat",
    "refresh_near_repeat",
    "refresh_trend_alerts",
    "refresh_wedge_alerts",
    "run_all_needs_assessments",
    "run_needs_assessment",
    "trend_alerts_for",
    "update_all_elevated_risks",
    "update_elevated_risks",
]
