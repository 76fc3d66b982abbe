"""Dates kept as ISO text in stored or cached data (agenda snapshots, analysis results),
shown in the reader's language like every other date on the site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def isodate(value: Any, fmt: str = "DATE_FORMAT") -> str:
    """``"2026-11-10"`` (or a date/datetime) → the language's date, e.g. "Nov. 10, 2026" or
    "10 de noviembre de 2026". Datetimes are first moved to the site's time zone. Text that is
    not a date comes back unchanged."""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return formats.date_format(value, fmt)
    return "" if value is None else str(value)
