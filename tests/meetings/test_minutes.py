"""Minutes: decisions, attendance, Q&A, action items; published after officer approval."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.meetings import services

from ..factories import OrganizationFactory
from .conftest import confirmed_rsvp, started


def test_minutes_flow_and_publication(meeting, officer, resident, client):
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    started(meeting)
    services.take_attendance(
        meeting,
        present_rsvp_ids=list(meeting.rsvps.values_list("pk", flat=True)),
        walk_ins=[{"name": "Ben"}],
        by=officer,
    )
    minutes = services.save_minutes(meeting, decisions="Focus on speeding", by=officer)
    assert minutes.attendance_count == 2
    services.add_question(
        meeting, question="When will the light be fixed?", answer="CDOT says two weeks", by=officer
    )
    org = OrganizationFactory(name="Streets and Sanitation")
    services.add_action_item(
        meeting,
        description="Fix the light",
        owner_organization=org,
        due_on=dt.date(2030, 1, 1),
        by=officer,
    )
    services.add_action_item(meeting, description="Speed trailer", owner_user=officer, by=officer)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Focus on speeding" not in page  # drafts are private
    services.approve_minutes(meeting, by=officer)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    for text in (
        "Focus on speeding",
        "When will the light be fixed?",
        "CDOT says two weeks",
        "Fix the light",
        "Streets and Sanitation",
        "Approved by Officer Olivia",
    ):
        assert text in page
    with pytest.raises(ValidationError):
        services.save_minutes(meeting, decisions="changed", by=officer)


def test_facilitator_drafts_officer_approves(make_meeting, resident, officer):
    meeting = started(make_meeting(host_facilitator=resident))
    services.save_minutes(meeting, decisions="Block party in June", by=resident)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(meeting, by=resident)
    assert services.approve_minutes(meeting, by=officer).is_published


def test_bad_minutes_input(meeting, officer):
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting, by=officer)  # nothing written yet
    with pytest.raises(ValidationError) as exc:
        services.add_action_item(meeting, description="Do it", by=officer)
    assert "owner_user" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_action_item(
            meeting, description="Do it", owner_user=officer, due_on=dt.date(2000, 1, 1), by=officer
        )
    assert "due_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_question(meeting, question=" ", by=officer)
    with pytest.raises(ValidationError):
        services.save_minutes(meeting, attendance_count=-1, by=officer)


def test_minutes_page(meeting, officer, resident, other_district_officer, client_for, city):
    from beatbridge.priorities import services as priority_services

    started(meeting)
    p = priority_services.propose_priority(city["b111"], title="Speeding", by=resident)
    url = f"/meetings/{meeting.pk}/minutes/"
    for user in (resident, other_district_officer):
        assert client_for(user).get(url).status_code == 403
    c = client_for(officer)
    page = c.get(url)
    assert page.status_code == 200 and b"Confirm the priority list" in page.content
    assert c.post(url, {"action": "save", "m-decisions": "We agreed"}).status_code == 302
    bad = c.post(
        url, {"action": "action_item", "a-description": "X", "a-owner_user": "nobody@example.org"}
    )
    assert bad.status_code == 400 and b"No account uses this email" in bad.content
    assert (
        c.post(
            url, {"action": "action_item", "a-description": "Flyers", "a-owner_user": officer.email}
        ).status_code
        == 302
    )
    c.post(
        "/priorities/area/beat/0111/confirm/",
        {"chosen": [p.pk], "meeting": meeting.pk, "next": url},
    )
    assert c.post(url, {"action": "approve"}).status_code == 302
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "We agreed" in page and "Flyers" in page
    assert "confirmed by Officer Olivia" in page and "Speeding" in page
