"""Results are recorded only once a meeting has started; the page never offers an RSVP then."""

import pytest
from django.core.exceptions import ValidationError

from beatbridge.meetings import services
from beatbridge.priorities import services as priority_services

from .conftest import started


def test_future_meeting_refuses_attendance_minutes_and_priority_decisions(
    meeting, officer, resident, city
):
    with pytest.raises(ValidationError, match="not started yet"):
        services.take_attendance(meeting, present_rsvp_ids=[], by=officer)
    services.save_minutes(meeting, decisions="Draft ahead of time", by=officer)  # drafts are fine
    with pytest.raises(ValidationError, match="not started yet"):
        services.approve_minutes(meeting, by=officer)
    p = priority_services.propose_priority(city["b111"], title="Speeding", by=resident)
    with pytest.raises(ValidationError):
        priority_services.confirm_priorities(city["b111"], chosen=[p], by=officer, meeting=meeting)
    assert meeting.phase == "scheduled"


def test_started_meeting_records_results_and_closes_rsvp(meeting, officer, client_for):
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'action="/meetings/{meeting.pk}/rsvp/"' in page
    started(meeting)
    assert services.take_attendance(meeting, present_rsvp_ids=[], by=officer) == 0
    services.save_minutes(meeting, decisions="Block party", by=officer)
    services.approve_minutes(meeting, by=officer)
    assert meeting.phase == "under_way"
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Block party" in page
    assert f'action="/meetings/{meeting.pk}/rsvp/"' not in page


def test_web_sign_in_sheet_before_the_meeting_explains(meeting, officer, client_for):
    r = client_for(officer).post(
        f"/meetings/{meeting.pk}/sign-in/", {"walkin-TOTAL_FORMS": "0", "walkin-INITIAL_FORMS": "0"}
    )
    assert r.status_code == 400
    assert "not started yet" in r.content.decode()
