"""Recurring schedules: weekly, nth weekday, last weekday, month ends, DST, cancellations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from beatbridge.meetings import recurrence, services
from beatbridge.meetings.models import MeetingKind

from .conftest import local

TUESDAY, THURSDAY = 1, 3


def test_second_tuesday_of_every_month():
    days = recurrence.occurrence_dates(
        frequency="monthly_weekday",
        starts_on=dt.date(2026, 1, 1),
        count=4,
        weekday=TUESDAY,
        ordinal=2,
    )
    assert days == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
    ]


def test_last_thursday_including_five_thursday_months():
    days = recurrence.occurrence_dates(
        frequency="monthly_weekday",
        starts_on=dt.date(2026, 1, 1),
        count=4,
        weekday=THURSDAY,
        ordinal=-1,
    )
    # January 2026 has five Thursdays (1, 8, 15, 22, 29); April has five too (2..30).
    assert days == [
        dt.date(2026, 1, 29),
        dt.date(2026, 2, 26),
        dt.date(2026, 3, 26),
        dt.date(2026, 4, 30),
    ]


def test_day_31_is_clamped_to_month_end():
    days = recurrence.occurrence_dates(
        frequency="monthly_day", starts_on=dt.date(2026, 1, 1), count=5, day_of_month=31
    )
    assert days == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
    ]
    leap = recurrence.occurrence_dates(
        frequency="monthly_day", starts_on=dt.date(2028, 2, 1), count=1, day_of_month=30
    )
    assert leap == [dt.date(2028, 2, 29)]


def test_weekly_every_two_weeks_until():
    days = recurrence.occurrence_dates(
        frequency="weekly",
        starts_on=dt.date(2026, 3, 2),
        until=dt.date(2026, 3, 31),
        interval=2,
        weekday=TUESDAY,
    )
    assert days == [dt.date(2026, 3, 3), dt.date(2026, 3, 17), dt.date(2026, 3, 31)]


def test_fifth_weekday_skips_months_without_one():
    days = recurrence.occurrence_dates(
        frequency="monthly_weekday",
        starts_on=dt.date(2026, 1, 1),
        until=dt.date(2026, 6, 30),
        weekday=THURSDAY,
        ordinal=5,
    )
    assert days == [dt.date(2026, 1, 29), dt.date(2026, 4, 30)]


def test_local_time_kept_across_dst_changes(settings):
    tz = timezone.get_default_timezone()
    assert settings.TIME_ZONE == "America/Chicago"
    before = recurrence.local_instant(dt.date(2026, 3, 3), dt.time(18, 30), tz)
    after = recurrence.local_instant(dt.date(2026, 3, 10), dt.time(18, 30), tz)
    assert (before.hour, after.hour) == (18, 18)
    assert before.utcoffset() == dt.timedelta(hours=-6)
    assert after.utcoffset() == dt.timedelta(hours=-5)
    assert before.astimezone(dt.UTC).hour == 0 and after.astimezone(dt.UTC).hour == 23
    # The non-existent 2:30 am on the spring-forward night moves to 3:30 CDT.
    gap = recurrence.local_instant(dt.date(2026, 3, 8), dt.time(2, 30), tz)
    assert (gap.hour, gap.minute) == (3, 30)


def test_describe_reads_like_people_talk():
    text = recurrence.describe(
        frequency="monthly_weekday", weekday=TUESDAY, ordinal=2, time=dt.time(18, 30)
    )
    assert text.startswith("Second Tuesday of every month")
    assert "6:30" in text


@pytest.fixture
def series(city, officer):
    return services.create_series(
        areas=[city["b111"]],
        by=officer,
        kind=MeetingKind.BEAT_MEETING,
        title="Beat 0111 monthly",
        address="Library",
        frequency="monthly_weekday",
        weekday=TUESDAY,
        ordinal=2,
        start_time=dt.time(18, 30),
        duration_minutes=90,
        starts_on=dt.date(2026, 10, 1),
        until=dt.date(2027, 4, 30),
    )


def test_series_materializes_occurrences_in_local_time_across_november_and_march(series):
    meetings = list(series.meetings.order_by("starts_at"))
    assert [m.series_date for m in meetings] == [
        dt.date(2026, 10, 13),
        dt.date(2026, 11, 10),
        dt.date(2026, 12, 8),
        dt.date(2027, 1, 12),
        dt.date(2027, 2, 9),
        dt.date(2027, 3, 9),
        dt.date(2027, 4, 13),
    ]
    for m in meetings:
        start, end = timezone.localtime(m.starts_at), timezone.localtime(m.ends_at)
        assert (start.hour, start.minute, end.hour, end.minute) == (18, 30, 20, 0)
    utc_hours = [m.starts_at.astimezone(dt.UTC).hour for m in meetings]
    # CDT in October (23:30 UTC); CST from Nov 1, 2026 (00:30 UTC next day) — March 9, 2027
    # is still CST (clocks change on March 14) — then CDT again in April.
    assert utc_hours == [23, 0, 0, 0, 0, 0, 23]
    assert list(meetings[0].areas.all()) == list(series.areas.all())


def test_extending_a_series_is_idempotent_and_keeps_cancellations(series, officer):
    first = series.meetings.order_by("starts_at").first()
    services.cancel_meeting(first, by=officer, reason="Holiday")
    count = series.meetings.count()
    assert services.extend_series(series, until=dt.date(2027, 4, 30)) == 0
    assert series.meetings.count() == count
    first.refresh_from_db()
    assert first.is_cancelled and first.sequence == 1


def test_moving_one_occurrence_leaves_the_others(series, officer):
    meetings = list(series.meetings.order_by("starts_at"))
    target = meetings[1]
    services.move_meeting(target, starts_at=local(2026, 11, 12), by=officer)
    target.refresh_from_db()
    assert timezone.localtime(target.starts_at).day == 12 and target.is_detached
    assert target.series_date == dt.date(2026, 11, 10)
    assert timezone.localtime(target.ends_at) - timezone.localtime(
        target.starts_at
    ) == dt.timedelta(minutes=90)
    # Regenerating does not recreate the moved date.
    services.extend_series(series, until=dt.date(2027, 4, 30))
    assert series.meetings.filter(series_date=dt.date(2026, 11, 10)).count() == 1
    # A series-wide change skips the detached occurrence.
    services.update_series(series, by=officer, address="Community center")
    target.refresh_from_db()
    assert target.address == "Library"
    assert meetings[2].__class__.objects.get(pk=meetings[2].pk).address == "Community center"


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"frequency": "yearly"}, "frequency"),
        ({"ordinal": 7}, "ordinal"),
        ({"frequency": "monthly_day", "day_of_month": 32}, "day_of_month"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"until": dt.date(2025, 1, 1)}, "until"),
    ],
)
def test_bad_rules_are_field_errors(city, officer, bad, field):
    fields = {
        "kind": MeetingKind.BEAT_MEETING,
        "title": "x",
        "address": "y",
        "frequency": "monthly_weekday",
        "weekday": TUESDAY,
        "ordinal": 2,
        "start_time": dt.time(18, 30),
        "starts_on": dt.date(2026, 1, 1),
        "until": dt.date(2026, 6, 1),
    }
    fields.update(bad)
    with pytest.raises(ValidationError) as exc:
        services.create_series(areas=[city["b111"]], by=officer, **fields)
    assert field in exc.value.message_dict


def test_residents_cannot_create_series(city, resident):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_series(
            areas=[city["b111"]],
            by=resident,
            kind="beat_meeting",
            title="x",
            address="y",
            frequency="weekly",
            start_time=dt.time(18),
            starts_on=dt.date(2026, 1, 1),
            until=dt.date(2026, 2, 1),
        )
