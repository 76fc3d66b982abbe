"""The sign-in sheet: tick RSVPs, add walk-ins, counts per meeting; officers only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import ActivityEntry
from beatbridge.meetings import services

from .conftest import confirmed_rsvp, started


@pytest.fixture
def rsvps(make_meeting):
    meeting = make_meeting(capacity=None)
    people = [
        confirmed_rsvp(
            meeting, name=n, email=f"{n.lower()}@example.org", demographics={"tenure": "owner"}
        )
        for n in ("Ana", "Ben", "Cy")
    ]
    return meeting, people


def test_take_attendance_with_walk_ins(rsvps, officer):
    meeting, (ana, ben, cy) = rsvps
    started(meeting)
    count = services.take_attendance(
        meeting,
        present_rsvp_ids=[ana.pk, cy.pk],
        walk_ins=[{"name": "Walk In", "age_band": "18_24", "tenure": "renter"}],
        by=officer,
    )
    assert count == 3
    assert services.attendance_counts(meeting) == {
        "confirmed": 3,
        "waitlisted": 0,
        "attended": 3,
        "walk_ins": 1,
        "attended_with_rsvp": 2,
    }
    assert meeting.attendances.get(rsvp=ana).tenure == "owner"
    # Saving the sheet again with Ben ticked and Cy unticked.
    assert services.take_attendance(meeting, present_rsvp_ids=[ana.pk, ben.pk], by=officer) == 3
    assert set(meeting.attendances.filter(rsvp__isnull=False).values_list("name", flat=True)) == {
        "Ana",
        "Ben",
    }


def test_bad_sheets(rsvps, officer, make_meeting):
    meeting, people = rsvps
    started(meeting)
    other = make_meeting()
    stranger = confirmed_rsvp(other, name="Zed", email="zed@example.org")
    with pytest.raises(ValidationError):
        services.take_attendance(meeting, present_rsvp_ids=[stranger.pk], by=officer)
    with pytest.raises(ValidationError):
        services.take_attendance(meeting, present_rsvp_ids=[], walk_ins=[{"name": ""}], by=officer)
    with pytest.raises(ValidationError):
        services.take_attendance(
            meeting, present_rsvp_ids=[], walk_ins=[{"name": "A", "email": "bad"}], by=officer
        )


def test_who_may_take_attendance(
    rsvps, resident, partner, other_district_officer, supervisor, analyst
):
    meeting, people = rsvps
    started(meeting)
    for user in (resident, partner, other_district_officer, analyst):
        with pytest.raises(PermissionDenied):
            services.take_attendance(meeting, present_rsvp_ids=[], by=user)
    services.take_attendance(meeting, present_rsvp_ids=[people[0].pk], by=supervisor)


def test_sign_in_sheet_page(rsvps, officer, client_for):
    meeting, (ana, ben, cy) = rsvps
    started(meeting)
    c = client_for(officer)
    url = f"/meetings/{meeting.pk}/sign-in/"
    page = c.get(url)
    assert page.status_code == 200 and b"Ana" in page.content and b"Walk-in 1" in page.content
    # Reading the RSVP list is audit-logged.
    assert ActivityEntry.objects.filter(verb="read", is_read=True, actor=officer).exists()
    form = {
        "walkin-TOTAL_FORMS": "3",
        "walkin-INITIAL_FORMS": "0",
        "present": [ana.pk, ben.pk],
        "walkin-0-name": "Dee",
        "walkin-0-language": "es",
    }
    assert c.post(url, form).status_code == 302
    assert services.attendance_counts(meeting)["attended"] == 3
    assert meeting.attendances.get(name="Dee").language == "es"
    bad = c.post(url, {**form, "walkin-1-name": "Eve", "walkin-1-email": "not-email"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "role, status",
    [
        (None, 302),
        ("resident", 403),
        ("partner", 403),
        ("other_district_officer", 403),
        ("analyst", 403),
        ("officer", 200),
        ("supervisor", 200),
        ("admin", 200),
    ],
)
def test_sign_in_sheet_access(meeting, personas, client_for, role, status):
    user = personas[role] if role else None
    assert client_for(user).get(f"/meetings/{meeting.pk}/sign-in/").status_code == status
