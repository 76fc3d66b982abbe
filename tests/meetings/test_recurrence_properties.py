"""Properties of the recurrence rules for any start date, weekday and ordinal."""

import datetime as dt

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from beatbridge.meetings import recurrence

starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))


@given(starts, st.integers(0, 6), st.sampled_from([1, 2, 3, 4, -1]))
def test_monthly_weekday_dates_are_that_weekday_once_a_month(start, weekday, ordinal):
    days = recurrence.occurrence_dates(
        frequency="monthly_weekday", starts_on=start, count=14, weekday=weekday, ordinal=ordinal
    )
    assert len(days) == 14
    assert all(d.weekday() == weekday and d >= start for d in days)
    months = [(d.year, d.month) for d in days]
    assert len(set(months)) == len(months)
    for d in days:
        if ordinal == -1:
            assert (d + dt.timedelta(days=7)).month != d.month
        else:
            assert (d.day - 1) // 7 + 1 == ordinal


@given(starts, st.integers(1, 31))
def test_monthly_day_is_clamped_and_monthly(start, day):
    days = recurrence.occurrence_dates(
        frequency="monthly_day", starts_on=start, count=13, day_of_month=day
    )
    assert len(days) == 13 and days == sorted(days)
    for d in days:
        last = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        assert d.day == min(day, last.day)


@given(starts, st.times())
def test_local_instant_keeps_wall_clock_outside_dst_gaps(day, time):
    tz = timezone.get_default_timezone()
    instant = recurrence.local_instant(day, time, tz)
    assert instant.tzinfo is not None
    naive = dt.datetime.combine(day, time)
    # Either the wall time is kept, or it fell in a spring-forward gap and moved by an hour.
    assert instant.replace(tzinfo=None) - naive in (dt.timedelta(0), dt.timedelta(hours=1))
