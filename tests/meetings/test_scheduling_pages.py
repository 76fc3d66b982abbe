"""Scheduling pages: create (single or recurring), edit, move, cancel; who may."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from beatbridge.meetings.models import Meeting, MeetingSeries

from .conftest import confirmed_rsvp


def form(city, **extra):
    data = {
        "kind": "beat_meeting",
        "title": "Beat 0111 meeting",
        "areas": [city["b111"].pk],
        "starts_at": "2030-03-05T18:30",
        "ends_at": "2030-03-05T20:00",
        "address": "Library, 1 Main St",
        "languages": ["en", "es"],
        "capacity": "40",
    }
    data.update(extra)
    return data


def test_officer_schedules_single_meeting(city, officer, client_for):
    response = client_for(officer).post("/meetings/new/", form(city))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert meeting.languages == ["en", "es"] and meeting.host_officer == officer
    assert list(meeting.areas.all()) == [city["b111"]]


def test_officer_schedules_second_tuesday_series(city, officer, client_for):
    response = client_for(officer).post(
        "/meetings/new/",
        form(
            city,
            starts_at="2027-01-12T18:30",
            ends_at="2027-01-12T20:00",
            repeats="monthly_weekday",
            weekday="1",
            ordinal="2",
            until="2027-06-30",
        ),
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.rule_text().startswith("Second Tuesday of every month")
    days = [timezone.localtime(m.starts_at).date() for m in series.meetings.order_by("starts_at")]
    assert days == [
        dt.date(2027, 1, 12),
        dt.date(2027, 2, 9),
        dt.date(2027, 3, 9),
        dt.date(2027, 4, 13),
        dt.date(2027, 5, 11),
        dt.date(2027, 6, 8),
    ]
    assert {timezone.localtime(m.starts_at).hour for m in series.meetings.all()} == {18}


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"ends_at": "2030-03-05T17:00"}, b"must end after it starts"),
        ({"title": ""}, b"This field is required"),
        ({"areas": []}, b"This field is required"),
        ({"starts_at": "tomorrow"}, b"Enter a valid date"),
        ({"address": "", "lon": "", "lat": ""}, b"an address, a map point or an online link"),
        ({"repeats": "monthly_weekday", "ordinal": ""}, b"first, second, third, fourth or last"),
        ({"capacity": "0"}, b"greater than or equal to 1"),
    ],
)
def test_bad_input_is_400_with_errors(city, officer, client_for, bad, field):
    response = client_for(officer).post("/meetings/new/", form(city, **bad))
    assert response.status_code == 400 and field in response.content
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    "role, status",
    [
        (None, 302),
        ("resident", 403),
        ("partner", 403),
        ("analyst", 403),
        ("officer", 200),
        ("supervisor", 200),
    ],
)
def test_who_may_schedule(personas, client_for, role, status):
    user = personas[role] if role else None
    assert client_for(user).get("/meetings/new/").status_code == status


def test_edit_move_cancel_pages(meeting, officer, other_district_officer, resident, client_for):
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    for user in (resident, other_district_officer):
        assert client_for(user).get(f"/meetings/{meeting.pk}/edit/").status_code == 403
        assert client_for(user).post(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    c = client_for(officer)
    new_start = timezone.localtime(meeting.starts_at + dt.timedelta(days=1))
    bad = c.post(f"/meetings/{meeting.pk}/move/", {"starts_at": "x", "ends_at": "y"})
    assert bad.status_code == 400
    ok = c.post(
        f"/meetings/{meeting.pk}/move/",
        {
            "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (new_start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Room booked",
        },
    )
    assert ok.status_code == 302
    assert c.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Storm"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.sequence == 2
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["New time", "Cancelled"]
    page = client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "This meeting is cancelled." in page and "I'm coming" not in page


def test_edit_page_saves_and_notifies(meeting, officer, client_for, city):
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    start = timezone.localtime(meeting.starts_at)
    data = form(
        city,
        title="Beat meeting — new room",
        starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
    )
    assert client_for(officer).post(f"/meetings/{meeting.pk}/edit/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Beat meeting — new room" and meeting.sequence == 1
    assert mail.outbox[0].subject.startswith("Details changed")


def test_meeting_list_and_detail_are_public(meeting, client_for, personas):
    for user in [None, *personas.values()]:
        c = client_for(user)
        assert c.get("/meetings/").status_code == 200
        assert c.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client_for(None).get("/meetings/999999/").status_code == 404
