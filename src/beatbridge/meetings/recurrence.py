"""Recurring schedules: which local dates a series falls on, and the wall-clock instant.

Pure functions (no database). Occurrences keep their local wall-clock time across daylight
saving changes: "6:30 pm" is 18:30 in the city's time zone in January and in July, so the
UTC instant moves by an hour when the clocks change.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

WEEKLY = "weekly"
MONTHLY_WEEKDAY = "monthly_weekday"
MONTHLY_DAY = "monthly_day"
FREQUENCIES = (WEEKLY, MONTHLY_WEEKDAY, MONTHLY_DAY)
LAST = -1


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date | None:
    """The ``ordinal``-th ``weekday`` (0 = Monday) of a month; ordinal -1 is the last one.

    Returns None when the month has no such day (a fifth Tuesday, say).
    """
    days = calendar.monthrange(year, month)[1]
    matches = [
        dt.date(year, month, d)
        for d in range(1, days + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    if ordinal == LAST:
        return matches[-1]
    if 1 <= ordinal <= len(matches):
        return matches[ordinal - 1]
    return None


def clamped_day(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of the month, or the month's last day when it is shorter (31 → 30, 28)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def occurrence_dates(
    *,
    frequency: str,
    starts_on: dt.date,
    until: dt.date | None = None,
    count: int | None = None,
    interval: int = 1,
    weekday: int | None = None,
    ordinal: int | None = None,
    day_of_month: int | None = None,
    limit: int = 400,
) -> list[dt.date]:
    """The local dates of a series, from ``starts_on`` up to ``until`` or ``count`` dates.

    weekly: every ``interval`` weeks on ``weekday`` (default: starts_on's weekday);
    monthly_weekday: the ``ordinal`` ``weekday`` of every ``interval`` months (-1 = last);
    monthly_day: day ``day_of_month`` of every ``interval`` months, clamped at month end.
    """
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}")
    if interval < 1:
        raise ValueError("interval must be at least 1")
    if until is None and count is None:
        raise ValueError("give until or count")
    cap = min(count, limit) if count is not None else limit
    out: list[dt.date] = []

    def keep(day: dt.date) -> bool:
        """Add ``day`` if in range; False once the series is over."""
        if until is not None and day > until:
            return False
        if day >= starts_on:
            out.append(day)
        return len(out) < cap

    if frequency == WEEKLY:
        wd = starts_on.weekday() if weekday is None else weekday
        day = starts_on + dt.timedelta(days=(wd - starts_on.weekday()) % 7)
        while keep(day):
            day += dt.timedelta(weeks=interval)
        return out

    year, month = starts_on.year, starts_on.month
    for step in range(0, limit * interval + 1, interval):
        y, m = _add_months(year, month, step)
        if frequency == MONTHLY_WEEKDAY:
            if weekday is None or ordinal is None:
                raise ValueError("monthly_weekday needs weekday and ordinal")
            day_or_none = nth_weekday(y, m, weekday, ordinal)
            if day_or_none is None:
                if until is not None and dt.date(y, m, 1) > until:
                    break
                continue
            day = day_or_none
        else:
            if day_of_month is None or not 1 <= day_of_month <= 31:
                raise ValueError("monthly_day needs day_of_month 1..31")
            day = clamped_day(y, m, day_of_month)
        if not keep(day):
            break
    return out


def local_instant(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware datetime for wall-clock ``time`` on ``day`` in ``tz``.

    A time that does not exist (inside the spring-forward gap) moves forward by the gap;
    an ambiguous one (the repeated autumn hour) takes the first, daylight-time reading.
    """
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=tz, fold=0)
    # Round-trip through UTC to normalise non-existent wall times.
    return aware.astimezone(dt.UTC).astimezone(tz)


def describe(
    *,
    frequency: str,
    interval: int = 1,
    weekday: int | None = None,
    ordinal: int | None = None,
    day_of_month: int | None = None,
    time: dt.time | None = None,
) -> str:
    """A plain-English (translatable) summary: "Second Tuesday of every month, 6:30 pm"."""
    from django.utils.formats import time_format
    from django.utils.translation import gettext as _

    weekdays = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    ordinals = {
        1: _("First"),
        2: _("Second"),
        3: _("Third"),
        4: _("Fourth"),
        5: _("Fifth"),
        LAST: _("Last"),
    }
    if frequency == WEEKLY:
        text = (
            _("Every %(day)s") % {"day": weekdays[weekday or 0]}
            if interval == 1
            else _("Every %(n)s weeks on %(day)s") % {"n": interval, "day": weekdays[weekday or 0]}
        )
    elif frequency == MONTHLY_WEEKDAY:
        every = _("every month") if interval == 1 else _("every %(n)s months") % {"n": interval}
        text = _("%(ordinal)s %(day)s of %(every)s") % {
            "ordinal": ordinals.get(ordinal or 1, ""),
            "day": weekdays[weekday or 0],
            "every": every,
        }
    else:
        every = _("every month") if interval == 1 else _("every %(n)s months") % {"n": interval}
        text = _("Day %(d)s of %(every)s (or the month's last day)") % {
            "d": day_of_month,
            "every": every,
        }
    if time is not None:
        text += ", " + time_format(time, "TIME_FORMAT")
    return text
