import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from beatbridge.meetings import services

from .conftest import confirmed_rsvp


def test_reminder_and_series_commands(make_meeting, city, officer):
    meeting = make_meeting(starts_at=timezone.now() + dt.timedelta(days=1))
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    expected = int(
        timezone.localtime(meeting.starts_at).date() == timezone.localdate() + dt.timedelta(days=1)
    )
    assert out.getvalue().strip() == f"{expected} reminders sent"
    series = services.create_series(
        areas=[city["b111"]],
        by=officer,
        kind="beat_meeting",
        title="Weekly",
        address="Hall",
        frequency="weekly",
        start_time=dt.time(18),
        starts_on=timezone.localdate(),
        until=timezone.localdate() + dt.timedelta(days=20),
    )
    series.meetings.order_by("-starts_at").first().delete()
    out = StringIO()
    call_command("extend_meeting_series", stdout=out)
    assert out.getvalue().strip() == "1 meetings created"
