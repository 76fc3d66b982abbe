"""Shared helpers: months, area filters, the data version used in cache keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from beatbridge.areas.models import Area
from beatbridge.data.stats import AREA_FIELDS, local_midnight

#: Concerns in these statuses are not counted (not a real concern, or counted on another one).
UNCOUNTED_CONCERN_STATUSES = ("rejected", "duplicate")


def data_version() -> str:
    """Changes whenever an import finishes (the data app's version) or areas change."""
    from beatbridge.data.services import data_version as imports_version

    latest_area = Area.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{imports_version()}-{latest_area.timestamp() if latest_area else 0:.0f}"


def cached(key: str, compute, seconds: int):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def area_q(area: Area | None) -> Q:
    """Records in the area (nothing for a kind records are not located in)."""
    if area is None:
        return Q()
    field = AREA_FIELDS.get(area.kind)
    if field is None:
        return Q(pk__in=[])
    return Q(**{f"{field}_id": area.pk})


def month_add(yyyymm: int, n: int) -> int:
    y, m = divmod(yyyymm // 100 * 12 + (yyyymm % 100 - 1) + n, 12)
    return y * 100 + m + 1


def month_of(day: dt.date) -> int:
    return day.year * 100 + day.month


def month_range(first: int, last: int) -> list[int]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = month_add(m, 1)
    return out


def last_complete_month(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return month_add(month_of(today), -1)


def month_start(yyyymm: int) -> dt.datetime:
    return local_midnight(dt.date(yyyymm // 100, yyyymm % 100, 1))


def month_label(yyyymm: int | None) -> str:
    if not yyyymm:
        return ""
    from django.utils.formats import date_format

    return date_format(dt.date(yyyymm // 100, yyyymm % 100, 1), "YEAR_MONTH_FORMAT")


def category_and_children(code: str) -> list[Any]:
    from beatbridge.data.models import OffenseCategory

    return list(OffenseCategory.objects.filter(Q(code=code) | Q(parent__code=code)))
