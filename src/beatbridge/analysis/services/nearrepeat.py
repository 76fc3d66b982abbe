"""Near-repeat risk: the department's own Knox pattern per category, and elevated-risk zones.

The Knox test runs on the *exact* points (staff-side computation; nothing exact is stored or
shown). The elevated-risk zones keep only the generalized (block-level) point of the incident
that started them, so they may be shown publicly and sent to watch groups.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from beatbridge.accounts.activity import record_activity
from beatbridge.areas.models import Area, AreaKind
from beatbridge.insights.nearrepeat import knox

from .. import conf, permissions
from ..models import ElevatedRisk, NearRepeatPattern
from ..signals import elevated_risks_opened
from .common import category_and_children

logger = logging.getLogger(__name__)
EARTH_M_PER_DEG_LAT = 110_574.0
EARTH_M_PER_DEG_LON_EQUATOR = 111_320.0


def project(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude to metres on a local plane (accurate to <1 % over a city)."""
    lat0 = float(np.mean(lats)) if lats.size else 0.0
    x = lons * EARTH_M_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat0))
    return x, lats * EARTH_M_PER_DEG_LAT


def _json(a: np.ndarray) -> list:
    """Arrays to JSON lists (inf/NaN as None)."""
    arr = np.asarray(a, dtype=np.float64)
    return [[None if not np.isfinite(v) else round(float(v), 6) for v in row] for row in arr]


def risk_zone(
    ratio: np.ndarray, p: np.ndarray, space_breaks: list[float], time_breaks: list[float]
) -> tuple[float | None, int | None]:
    """The near-repeat zone: how far and how long after an incident the risk is raised.

    A band is significant when its p-value is at most NEAR_REPEAT_ALPHA and its Knox ratio at
    least NEAR_REPEAT_MIN_RATIO. Starting from the closest/soonest band (which must be
    significant), the radius grows over consecutive significant distance bands of the first
    time band, and the duration over consecutive significant time bands of the first
    distance band.
    """
    alpha, min_ratio = (
        float(conf.get("NEAR_REPEAT_ALPHA")),
        float(conf.get("NEAR_REPEAT_MIN_RATIO")),
    )
    with np.errstate(invalid="ignore"):
        sig = (np.nan_to_num(p, nan=1.0) <= alpha) & (np.nan_to_num(ratio, nan=0.0) >= min_ratio)
    if sig.size == 0 or not sig[0, 0]:
        return None, None
    i = 0
    while i + 1 < sig.shape[0] and sig[i + 1, 0]:
        i += 1
    j = 0
    while j + 1 < sig.shape[1] and sig[0, j + 1]:
        j += 1
    return float(space_breaks[i + 1]), int(np.ceil(time_breaks[j + 1]))


def _events(categories: list, since: dt.datetime, until: dt.datetime) -> tuple[np.ndarray, ...]:
    from beatbridge.data.models import Incident

    rows = list(
        Incident.objects.filter(
            category__in=categories, occurred_at__gte=since, occurred_at__lt=until
        ).values_list("lon", "lat", "occurred_at")
    )
    if not rows:
        return np.empty(0), np.empty(0), np.empty(0)
    lons = np.array([r[0] for r in rows], dtype=np.float64)
    lats = np.array([r[1] for r in rows], dtype=np.float64)
    days = np.array([timezone.localtime(r[2]).date().toordinal() for r in rows], dtype=np.float64)
    x, y = project(lons, lats)
    return x, y, days


def refresh_near_repeat(
    code: str,
    *,
    now: dt.datetime | None = None,
    permutations: int | None = None,
    seed: int | None = 0,
    by: Any = None,
) -> NearRepeatPattern | None:
    """Recompute the Knox pattern of one category over the last NEAR_REPEAT_DAYS days.

    Returns None when the category does not exist. With fewer than NEAR_REPEAT_MIN_EVENTS
    incidents the pattern is stored without tables (and without an elevated-risk zone).
    """
    categories = category_and_children(code)
    category = next((c for c in categories if c.code == code), None)
    if category is None:
        return None
    now = now or timezone.now()
    since = now - dt.timedelta(days=int(conf.get("NEAR_REPEAT_DAYS")))
    x, y, t = _events(categories, since, now)
    space = [float(v) for v in conf.get("NEAR_REPEAT_SPACE_BANDS")]
    time = [float(v) for v in conf.get("NEAR_REPEAT_TIME_BANDS")]
    perms = int(conf.get("NEAR_REPEAT_PERMUTATIONS")) if permutations is None else permutations
    values: dict[str, Any] = {
        "computed_at": timezone.now(),
        "period_start": since,
        "period_end": now,
        "n_events": int(x.size),
        "permutations": perms,
        "metric": "euclidean",
        "space_breaks": space,
        "time_breaks": time,
        "observed": [],
        "expected": [],
        "knox_ratio": [],
        "p_values": [],
        "risk_radius_m": None,
        "risk_days": None,
    }
    if x.size >= int(conf.get("NEAR_REPEAT_MIN_EVENTS")):
        result = knox(x, y, t, space, time, permutations=perms, seed=seed, metric="euclidean")
        radius, days = risk_zone(result.knox_ratio, result.p_values, space, time)
        values.update(
            observed=result.observed.astype(int).tolist(),
            expected=_json(result.expected_mean),
            knox_ratio=_json(result.knox_ratio),
            p_values=_json(result.p_values),
            risk_radius_m=radius,
            risk_days=days,
        )
    with transaction.atomic():
        pattern, _created = NearRepeatPattern.objects.update_or_create(
            category=category, defaults=values
        )
        record_activity(
            by,
            "analysis.near_repeat_refreshed",
            pattern,
            {
                "events": pattern.n_events,
                "radius_m": pattern.risk_radius_m,
                "days": pattern.risk_days,
            },
        )
    update_elevated_risks(pattern, now=now)
    return pattern


def update_elevated_risks(pattern: NearRepeatPattern, *, now: dt.datetime | None = None) -> int:
    """Open an elevated-risk zone around every recent incident of the pattern's category.

    Incidents still inside the risk period (the last ``risk_days`` days) get a zone unless
    they already have one, so this is safe to run after every import and on a schedule.
    Returns the number of new zones.
    """
    if not pattern.has_pattern:
        return 0
    from beatbridge.data.models import Incident

    now = now or timezone.now()
    days = dt.timedelta(days=int(pattern.risk_days or 0))
    categories = category_and_children(pattern.category.code)
    incidents = Incident.objects.filter(
        category__in=categories, occurred_at__gte=now - days, occurred_at__lte=now
    ).public()
    existing = set(
        ElevatedRisk.objects.filter(category=pattern.category).values_list("incident_id", flat=True)
    )
    new = [
        ElevatedRisk(
            category=pattern.category,
            incident_id=inc.pk,
            center_lon=inc.public_lon,
            center_lat=inc.public_lat,
            radius_m=float(pattern.risk_radius_m or 0),
            starts_at=inc.occurred_at,
            ends_at=inc.occurred_at + days,
            beat_id=inc.beat_id,
            neighborhood_id=inc.neighborhood_id,
        )
        for inc in incidents.only(
            "pk", "public_lon", "public_lat", "occurred_at", "beat_id", "neighborhood_id"
        )
        if inc.pk not in existing
    ]
    ElevatedRisk.objects.bulk_create(new, ignore_conflicts=True)
    elevated_risks_opened.send(
        ElevatedRisk, category=pattern.category, incident_ids=[r.incident_id for r in new]
    )  # noqa: E501 (watch alerts)
    # Zones long past are history nobody reads: keep 90 days.
    ElevatedRisk.objects.filter(ends_at__lt=now - dt.timedelta(days=90)).delete()
    return len(new)


def refresh_all_near_repeat(*, now: dt.datetime | None = None, by: Any = None) -> list:
    out = []
    for code in conf.get("NEAR_REPEAT_CATEGORIES"):
        pattern = refresh_near_repeat(code, now=now, by=by)
        if pattern is not None:
            out.append(pattern)
    return out


def update_all_elevated_risks(*, now: dt.datetime | None = None) -> int:
    """Zones for incidents imported since the last run (called after imports and on schedule)."""
    return sum(
        update_elevated_risks(p, now=now)
        for p in NearRepeatPattern.objects.select_related("category")
    )


def near_repeat_patterns_for(user: Any) -> QuerySet[NearRepeatPattern]:
    """Each category's near-repeat pattern the user may see (sensitive categories: staff)."""
    qs = NearRepeatPattern.objects.select_related("category")
    if not permissions.can_view_sensitive_hotspots(user):
        qs = qs.filter(category__is_sensitive=False)
    return qs


def active_elevated_risks(
    area: Area | None = None, now: dt.datetime | None = None, *, include_sensitive: bool = False
) -> list:
    """Elevated-risk zones in force now, in an area (beat, neighborhood, district) or anywhere.

    Zones of a category that is sensitive now, or started by an incident whose category is
    sensitive now, are left out unless ``include_sensitive`` (police staff): a zone shows an
    incident's generalized point and day. This is the service the watch-group alerts
    (Outreach) use.
    """
    from beatbridge.data.models import Incident

    qs = ElevatedRisk.objects.active(now).select_related("category", "beat", "neighborhood")
    if not include_sensitive:
        withdrawn = Incident.objects.filter(pk=OuterRef("incident_id"), category__is_sensitive=True)
        qs = qs.exclude(category__is_sensitive=True).exclude(Exists(withdrawn))
    if area is not None:
        if area.kind == AreaKind.NEIGHBORHOOD:
            qs = qs.filter(neighborhood=area)
        elif area.kind == AreaKind.BEAT:
            qs = qs.filter(beat=area)
        elif area.kind == AreaKind.DISTRICT:
            qs = qs.filter(Q(beat__parent=area))
        else:
            qs = qs.none()
    return list(qs.order_by("-starts_at"))
