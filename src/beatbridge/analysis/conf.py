"""Settings of the insights, with defaults: ``settings.BEATBRIDGE["INSIGHTS"]`` overrides them.

Example (settings.py)::

    BEATBRIDGE["INSIGHTS"] = {
        "HOTSPOT_RESOLUTION": 9,
        "NEAR_REPEAT_CATEGORIES": ["220"],
        "WEDGE_THRESHOLDS": {"rise_z": 2.5},
        "CONCERN_OFFENSES": {"noise": ["90C"]},
    }
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings

from beatbridge.insights.balance import WedgeThresholds

DEFAULTS: dict[str, Any] = {
    "HOTSPOT_RESOLUTION": 9,
    "HOTSPOT_RESOLUTIONS": [7, 8, 9, 10],
    "HOTSPOT_DAYS": 90,
    "HOTSPOT_ALPHA": 0.05,
    "HOTSPOT_K": 1,
    "HOTSPOT_TOP_CELLS": 10,
    "CACHE_SECONDS": 6 * 3600,
    # Near repeat: burglary (NIBRS 220) first; each category gets its own pattern.
    "NEAR_REPEAT_CATEGORIES": ["220"],
    "NEAR_REPEAT_DAYS": 365,
    "NEAR_REPEAT_SPACE_BANDS": [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
    "NEAR_REPEAT_TIME_BANDS": [0, 7, 14, 21, 28, 35, 42, 49, 56],
    "NEAR_REPEAT_PERMUTATIONS": 199,
    "NEAR_REPEAT_ALPHA": 0.05,
    "NEAR_REPEAT_MIN_RATIO": 1.2,
    "NEAR_REPEAT_MIN_EVENTS": 20,
    # Trend alerts
    "TREND_ALPHA": 0.05,
    "TREND_RECENT_MONTHS": 3,
    "TREND_YEARS": 3,
    "TREND_METHOD": "negbin",
    "TREND_TOP_CATEGORIES": 5,
    # Enforcement balance
    "BALANCE_MONTHS": 24,
    "WEDGE_THRESHOLDS": {},
    # Concern categories (concerns app codes) -> the offense codes residents are asking about.
    "CONCERN_OFFENSES": {
        "drug-activity": ["35A", "35B"],
        "loitering": ["90B"],
        "noise": ["90C"],
        "vandalism-graffiti": ["290"],
    },
    # Needs assessment
    "NEEDS_TOP_CONCERNS": 5,
    "NEEDS_CHANGE_SHARE": 0.25,
}


def get(name: str) -> Any:
    overrides = getattr(settings, "BEATBRIDGE", {}).get("INSIGHTS", {}) or {}
    if name not in DEFAULTS:
        raise KeyError(name)
    return overrides.get(name, DEFAULTS[name])


def wedge_thresholds() -> WedgeThresholds:
    """The wedge-risk thresholds: code defaults, overridden by the WEDGE_THRESHOLDS setting,
    overridden by what the department set in the admin (:class:`WedgeRuleSettings`)."""
    from .models import WedgeRuleSettings

    values = dict(get("WEDGE_THRESHOLDS") or {})
    stored = WedgeRuleSettings.objects.order_by("pk").first()
    if stored is not None:
        values.update(stored.overrides())
    known = {f.name for f in dataclasses.fields(WedgeThresholds)}
    unknown = set(values) - known
    if unknown:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"Unknown WEDGE_THRESHOLDS: {', '.join(sorted(unknown))}")
    return WedgeThresholds(**values)


def concern_offenses() -> dict[str, list[str]]:
    return {k: list(v) for k, v in (get("CONCERN_OFFENSES") or {}).items()}
