"""Public crime statistics, computed in the database and cached per area, day and data version.

Every figure is one indexed aggregate query: incidents are filtered by (area, occurred_at) —
each area kind has a composite index — and grouped on integer columns the importer fills
(``local_month``, ``local_weekday``, ``local_hour``), so no per-row date functions run in SQL.
Results are cached under a key made of the area, the local date and :func:`data_version`
(which changes whenever an import finishes or a category's sensitive flag changes), so a new
import or a newly sensitive category is visible at once. A page
reads the version once (:func:`pinned_version`): all its figures share one version and it
costs one query, not one per figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from beatbridge.areas.models import Area, AreaKind

from .models import EnforcementAction, EngagementActivity, Incident, OffenseCategory
from .services import data_version

AREA_FIELDS: dict[str, str] = {
    AreaKind.BEAT: "beat",
    AreaKind.DISTRICT: "district",
    AreaKind.NEIGHBORHOOD: "neighborhood",
}
CACHE_SECONDS = 6 * 3600
# Incidents are counted on a column the area indexes hold (never NULL), not on ``id``, so
# PostgreSQL can answer from the index alone (SQLite indexes carry the rowid anyway).
COUNTED = "occurred_at"
T = TypeVar("T")
_pinned: ContextVar[str | None] = ContextVar("beatbridge_data_version", default=None)


def supports(area: Area | None) -> bool:
    return area is None or area.kind in AREA_FIELDS


def area_q(area: Area | None) -> Q:
    if area is None:
        return Q()
    return Q(**{f"{AREA_FIELDS[area.kind]}_id": area.pk})


@contextmanager
def pinned_version() -> Iterator[str]:
    """Read :func:`data_version` once for the figures computed inside the block (one page or
    export), instead of once per figure. Nested blocks keep the outer version."""
    current = _pinned.get()
    if current is not None:
        yield current
        return
    token = _pinned.set(data_version())
    try:
        yield _pinned.get() or ""
    finally:
        _pinned.reset(token)


def current_version() -> str:
    """The pinned data version inside :func:`pinned_version`, else read now."""
    return _pinned.get() or data_version()


def cached(
    name: str, area: Area | None, today: dt.date, compute: Callable[[], T], extra: str = ""
) -> T:
    scope = area.pk if area else "city"
    key = f"data:{name}:{scope}:{today.isoformat()}:{current_version()}:{extra}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date  # inclusive
    end: dt.date  # inclusive

    def q(self) -> Q:
        return Q(
            occurred_at__gte=local_midnight(self.start),
            occurred_at__lt=local_midnight(self.end + dt.timedelta(days=1)),
        )


def periods(today: dt.date) -> dict[str, Period]:
    """Last 28 days and year to date, and the same calendar periods one year earlier."""
    ly = same_day_last_year(today)
    return {
        "last28": Period("last28", today - dt.timedelta(days=27), today),
        "last28_ly": Period("last28_ly", ly - dt.timedelta(days=27), ly),
        "ytd": Period("ytd", today.replace(month=1, day=1), today),
        "ytd_ly": Period("ytd_ly", ly.replace(month=1, day=1), ly),
    }


def change(now: int, before: int) -> float | None:
    """Percentage change, None when there is nothing to compare with."""
    if before == 0:
        return None
    return round(100.0 * (now - before) / before, 1)


def category_counts(area: Area | None, today: dt.date) -> list[dict[str, Any]]:
    """Counts per offense category for the four periods, with changes; total row last."""

    def compute() -> list[dict[str, Any]]:
        ps = periods(today)
        window = Q(
            occurred_at__gte=local_midnight(min(p.start for p in ps.values())),
            occurred_at__lt=local_midnight(today + dt.timedelta(days=1)),
        )
        rows = (
            Incident.objects.filter(area_q(area) & window)
            .values("category_id")
            .annotate(**{k: Count(COUNTED, filter=p.q()) for k, p in ps.items()})
            .order_by()
        )
        return [dict(r) for r in rows]

    raw = cached("categories", area, today, compute)
    cats = {c.pk: c for c in OffenseCategory.objects.filter(pk__in=[r["category_id"] for r in raw])}
    out = []
    total = dict.fromkeys(("last28", "last28_ly", "ytd", "ytd_ly"), 0)
    for r in raw:
        cat = cats.get(r["category_id"])
        row = {
            "code": cat.code if cat else "",
            "name": cat.name if cat else "",
            "is_sensitive": bool(cat and cat.is_sensitive),
        }
        for k in total:
            row[k] = r[k]
            total[k] += r[k]
        row["change28"] = change(row["last28"], row["last28_ly"])
        row["change_ytd"] = change(row["ytd"], row["ytd_ly"])
        if any(row[k] for k in total):
            out.append(row)
    out.sort(key=lambda x: (-x["ytd"], x["code"]))
    out.append(
        {
            "code": "",
            "name": "",
            "is_total": True,
            **total,
            "change28": change(total["last28"], total["last28_ly"]),
            "change_ytd": change(total["ytd"], total["ytd_ly"]),
        }
    )
    return out


def filter_categories(
    area: Area | None, today: dt.date, since: dt.date, until: dt.date
) -> list[dict[str, Any]]:
    """The categories the incident filter offers: those with public incidents in the area (at
    any time), each with its count from ``since`` to ``until`` (local dates, inclusive)."""

    def compute() -> list[tuple[str, str, str, int]]:
        shown = Period("shown", since, until).q()
        rows = (
            public_incidents(area)
            .values_list("category__code", "category__name_en", "category__name_es")
            .annotate(n=Count(COUNTED, filter=shown))
            .order_by("category__code")
        )
        return [tuple(r) for r in rows]

    spanish = lang() == "es"
    raw = cached("filter_categories", area, today, compute, f"{since}:{until}")
    return [
        {"code": code, "name": (name_es if spanish else name_en), "count": n}
        for code, name_en, name_es, n in raw
    ]


def month_list(today: dt.date, months: int) -> list[int]:
    y, m = today.year, today.month
    out = []
    for _ in range(months):
        out.append(y * 100 + m)
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def monthly_counts(area: Area | None, today: dt.date, years: int = 3) -> list[tuple[int, int]]:
    """[(YYYYMM, incidents)] for the last ``years`` × 12 months up to this month (local)."""
    months = month_list(today, years * 12)

    def compute() -> list[tuple[int, int]]:
        first = dt.date(months[0] // 100, months[0] % 100, 1)
        rows = (
            Incident.objects.filter(
                area_q(area),
                occurred_at__gte=local_midnight(first),
                occurred_at__lt=local_midnight(today + dt.timedelta(days=1)),
            )
            .values_list("local_month")
            .annotate(n=Count(COUNTED))
            .order_by()
        )
        found = dict(rows)
        return [(m, found.get(m, 0)) for m in months]

    return cached("monthly", area, today, compute, str(years))


def weekday_hour_counts(area: Area | None, today: dt.date, days: int = 365) -> list[list[int]]:
    """7 × 24 counts (Monday first, local hours) over the last ``days`` days."""

    def compute() -> list[list[int]]:
        grid = [[0] * 24 for _ in range(7)]
        rows = (
            Incident.objects.filter(
                area_q(area),
                occurred_at__gte=local_midnight(today - dt.timedelta(days=days - 1)),
                occurred_at__lt=local_midnight(today + dt.timedelta(days=1)),
            )
            .values_list("local_weekday", "local_hour")
            .annotate(n=Count(COUNTED))
            .order_by()
        )
        for weekday, hour, n in rows:
            grid[weekday][hour] = n
        return grid

    return cached("heat", area, today, compute, str(days))


def area_comparison(kind: str, today: dt.date) -> list[dict[str, Any]]:
    """Year-to-date incidents per area of ``kind``, per 1,000 residents where known."""
    field = AREA_FIELDS[kind]

    def compute() -> list[tuple[int, int, int]]:
        ps = periods(today)
        rows = (
            Incident.objects.filter(ps["ytd"].q() | ps["ytd_ly"].q())
            .values_list(f"{field}_id")
            .annotate(
                ytd=Count(COUNTED, filter=ps["ytd"].q()), ly=Count(COUNTED, filter=ps["ytd_ly"].q())
            )
            .order_by()
        )
        return list(rows)

    counts = {pk: (ytd, ly) for pk, ytd, ly in cached("compare", None, today, compute, kind)}
    out = []
    for area in Area.objects.filter(kind=kind).only("id", "kind", "code", "name", "population"):
        ytd, ly = counts.get(area.pk, (0, 0))
        per_1000 = round(1000.0 * ytd / area.population, 2) if area.population else None
        out.append(
            {
                "area": area,
                "ytd": ytd,
                "ytd_ly": ly,
                "change": change(ytd, ly),
                "population": area.population,
                "per_1000": per_1000,
            }
        )
    out.sort(key=lambda r: (r["per_1000"] is None, -(r["per_1000"] or 0), -r["ytd"]))
    return out


def enforcement_summary(area: Area | None, today: dt.date, months: int = 12) -> dict[str, Any]:
    """Enforcement actions by kind over the last ``months`` months, and whether any is synthetic."""

    def compute() -> dict[str, Any]:
        since = local_midnight(today - dt.timedelta(days=30 * months))
        rows = list(
            EnforcementAction.objects.filter(area_q(area), occurred_at__gte=since)
            .values_list("kind")
            .annotate(
                n=Count("id"),
                minor=Count("id", filter=Q(is_minor=True)),
                synthetic=Count("id", filter=Q(is_synthetic=True)),
            )
            .order_by()
        )
        return {
            "by_kind": sorted([r[:3] for r in rows], key=lambda r: -r[1]),
            "total": sum(r[1] for r in rows),
            "minor": sum(r[2] for r in rows),
            "is_synthetic": any(r[3] for r in rows),
        }

    return cached("enforcement", area, today, compute, str(months))


def engagement_summary(area: Area | None, today: dt.date, days: int = 90) -> dict[str, Any]:
    """Officer engagement hours by kind over the last ``days`` days (small table, not cached)."""
    qs = EngagementActivity.objects.filter(
        started_at__gte=local_midnight(today - dt.timedelta(days))
    )
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__parent=area))
    from django.db.models import Sum

    rows = list(qs.values_list("kind").annotate(minutes=Sum("minutes"), n=Count("id")).order_by())
    return {"rows": rows, "hours": round(sum(r[1] for r in rows) / 60, 1), "days": days}


def public_incidents(area: Area | None = None) -> QuerySet[Incident]:
    """Incidents that may appear individually in public data: never those of a category that
    is sensitive now (:meth:`~beatbridge.data.models.IncidentQuerySet.public`)."""
    return Incident.objects.filter(area_q(area)).public()


def filtered_incidents(
    data: dict[str, Any], *, include_sensitive: bool = False
) -> QuerySet[Incident]:
    """Incidents matching an :class:`~beatbridge.data.forms.IncidentFilterForm`'s cleaned data
    (area, local dates ``since``..``until`` inclusive, category code); sensitive ones only if
    asked (staff)."""
    area = data["area"]
    qs = Incident.objects.filter(area_q(area)) if include_sensitive else public_incidents(area)
    qs = qs.filter(
        occurred_at__gte=local_midnight(data["since"]),
        occurred_at__lt=local_midnight(data["until"] + dt.timedelta(days=1)),
    )
    if data.get("category"):
        qs = qs.filter(category__code=data["category"])
    return qs


def lang() -> str:
    return (get_language() or "en")[:2]
