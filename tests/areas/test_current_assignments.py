"""One rule for "assigned today", used by every app's permissions."""

import datetime as dt

from beatbridge.areas.models import OfficerAssignment


def test_current_covers_the_day_inclusive_and_open_ended(city, officer):
    day = dt.date(2026, 6, 15)
    OfficerAssignment.objects.filter(officer=officer).delete()
    past = OfficerAssignment.objects.create(
        officer=officer, beat=city["b111"], starts_on=dt.date(2026, 1, 1), ends_on=day
    )
    future = OfficerAssignment.objects.create(
        officer=officer, beat=city["b112"], starts_on=dt.date(2026, 6, 16)
    )
    open_ended = OfficerAssignment.objects.create(
        officer=officer, beat=city["b211"], starts_on=dt.date(2025, 1, 1)
    )
    on_day = set(OfficerAssignment.objects.filter(officer=officer).current(day))
    assert on_day == {past, open_ended}
    after = set(officer.beat_assignments.current(day + dt.timedelta(days=1)))
    assert after == {future, open_ended}
