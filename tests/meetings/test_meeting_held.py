"""An ended meeting: no open "I'm coming" form; it says it was held once results are recorded."""

import datetime as dt

from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.models import Meeting

from .conftest import started


def ended(meeting):
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting


def test_ended_meeting_without_results_has_no_rsvp_form(meeting, client_for):
    ended(meeting)
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'action="/meetings/{meeting.pk}/rsvp/"' not in page and "I&#x27;m coming" not in page
    assert "This meeting has ended." in page and "was held" not in page


def test_ended_meeting_with_attendance_says_it_was_held(meeting, officer, client_for):
    started(meeting)
    services.take_attendance(meeting, present_rsvp_ids=[], walk_ins=[{"name": "Ana"}], by=officer)
    ended(meeting)
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    day = timezone.localtime(meeting.starts_at)
    assert "This meeting was held on" in page and str(day.year) in page
    assert f'action="/meetings/{meeting.pk}/rsvp/"' not in page


def test_ended_meeting_with_published_minutes_says_it_was_held(meeting, officer, client_for):
    started(meeting)
    services.save_minutes(meeting, decisions="More lights on Main St", by=officer)
    services.approve_minutes(meeting, by=officer)
    ended(meeting)
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "This meeting was held on" in page and "More lights on Main St" in page


def test_meeting_under_way_is_not_called_held(meeting, client_for):
    started(meeting)
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "was held" not in page and "has ended" not in page
