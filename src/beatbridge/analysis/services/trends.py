"""Trend alerts: monthly counts per neighborhood and beat against the same months of past
years (insights.trends.detect_changes, FDR across areas), stored as TrendAlert rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from beatbridge.accounts.activity import record_activity
from beatbridge.areas.models import Area, AreaKind
from beatbridge.insights.trends import detect_changes

from .. import conf
from ..models import TrendAlert
from .common import AREA_FIELDS, last_complete_month, month_add, month_range

TREND_KINDS = (AreaKind.NEIGHBORHOOD, AreaKind.BEAT)


def trend_window(today: dt.date | None = None) -> list[int]:
    """The months analysed: up to (years × 12 + recent) complete months with data."""
    from beatbridge.data.models import Incident

    last = last_complete_month(today)
    recent, years = int(conf.get("TREND_RECENT_MONTHS")), int(conf.get("TREND_YEARS"))
    first = month_add(last, -(12 * years + recent) + 1)
    span = Incident.objects.aggregate(lo=Min("local_month"), hi=Max("local_month"))
    if span["lo"] is None:
        return []
    first = max(first, int(span["lo"]))
    months = month_range(first, last)
    # At least a full year before the recent window, so every recent month has a baseline.
    return months if len(months) >= 12 + recent else []


def monthly_matrix(
    kind: str, months: list[int], category_id: int | None = None
) -> tuple[list[Area], np.ndarray]:
    """Areas of ``kind`` and their counts per month (areas × months)."""
    from beatbridge.data.models import Incident

    field = AREA_FIELDS[kind]
    areas = list(Area.objects.filter(kind=kind).order_by("code"))
    index = {a.pk: i for i, a in enumerate(areas)}
    col = {m: j for j, m in enumerate(months)}
    counts = np.zeros((len(areas), len(months)))
    qs = Incident.objects.filter(
        local_month__gte=months[0], local_month__lte=months[-1], **{f"{field}__isnull": False}
    )
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    for area_id, month, n in (
        qs.values_list(f"{field}_id", "local_month").annotate(n=Count("id")).order_by()
    ):
        if area_id in index and month in col:
            counts[index[area_id], col[month]] = n
    return areas, counts


def top_categories(months: list[int], n: int) -> list[int]:
    from beatbridge.data.models import Incident

    if n <= 0:
        return []
    rows = (
        Incident.objects.filter(local_month__gte=months[-12], local_month__lte=months[-1])
        .exclude(category__isnull=True)
        .values_list("category_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:n]
    )
    return [r[0] for r in rows]


def _alerts_for(kind: str, months: list[int], category_id: int | None) -> list[TrendAlert]:
    areas, counts = monthly_matrix(kind, months, category_id)
    if not areas or counts.sum() == 0:
        return []
    recent = int(conf.get("TREND_RECENT_MONTHS"))
    cal = np.array([m % 100 for m in months])  # calendar month of each column
    result = detect_changes(
        counts,
        cal,
        alpha=float(conf.get("TREND_ALPHA")),
        recent=recent,
        years=int(conf.get("TREND_YEARS")),
        method=conf.get("TREND_METHOD"),
    )
    base_cols = np.flatnonzero(np.isin(cal[:-recent], cal[-recent:]))
    out = []
    for i in np.flatnonzero(result.significant):
        cp = int(result.change_point[i])
        ratio = float(result.ratio[i])
        out.append(
            TrendAlert(
                area=areas[i],
                category_id=category_id,
                direction=str(result.direction[i]),
                ratio=ratio if np.isfinite(ratio) else None,
                p=float(result.p[i]),
                q=float(result.q[i]),
                recent_mean=float(counts[i, -recent:].mean()),
                baseline_mean=float(counts[i, base_cols].mean()) if base_cols.size else 0.0,
                since_month=months[cp] if cp >= 0 else None,
                last_month=months[-1],
            )
        )
    return out


def refresh_trend_alerts(*, today: dt.date | None = None, by: Any = None) -> list[TrendAlert]:
    """Recompute every trend alert (all offenses, and the most frequent categories)."""
    months = trend_window(today or timezone.localdate())
    alerts: list[TrendAlert] = []
    if months:
        cats: list[int | None] = [
            None,
            *top_categories(months, int(conf.get("TREND_TOP_CATEGORIES"))),
        ]
        for kind in TREND_KINDS:
            for category_id in cats:
                alerts.extend(_alerts_for(kind, months, category_id))
    with transaction.atomic():
        TrendAlert.objects.all().delete()
        TrendAlert.objects.bulk_create(alerts)
        record_activity(by, "analysis.trends_refreshed", None, {"alerts": len(alerts)})
    return alerts


def trend_alerts_for(user: Any) -> list[TrendAlert]:
    """All alerts, the areas the officer serves first."""
    from ..permissions import officer_area_ids

    mine = officer_area_ids(user)
    alerts = list(TrendAlert.objects.select_related("area", "category"))
    return sorted(alerts, key=lambda a: (a.area_id not in mine, a.q, a.area.kind, a.area.code))
