"""Pages: public vs private part per role, actions by POST → redirect, ICS, health, section."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from beatbridge.watch import services
from beatbridge.watch.models import MemberStatus

pytestmark = pytest.mark.django_db


def test_public_part_for_everyone_private_for_members(
    member_group, personas, neighbor, client_for, officer
):
    services.post_announcement(member_group, title="Secret plan", body="b", by=personas["resident"])
    url = member_group.get_absolute_url()
    visitors = {
        "anonymous": (None, False),
        "partner": (personas["partner"], False),
        "officer": (officer, False),
        "other_district_officer": (personas["other_district_officer"], False),
        "analyst": (personas["analyst"], False),
        "member": (neighbor, True),
        "coordinator": (personas["resident"], True),
        "supervisor": (personas["supervisor"], True),
        "admin": (personas["admin"], True),
    }
    for name, (user, private) in visitors.items():
        page = client_for(user).get(url).content.decode()
        assert "Riverside Watch" in page and "Rosa" in page, name
        assert "Rosa Resident" not in page and "resident@example.org" not in page, name
        assert ("Secret plan" in page) is private, name
        assert ("Nina" in page) is private, name
        assert "nina@example.org" not in page, name


def test_join_flow_over_http(group, neighbor, client_for, resident):
    c = client_for(neighbor)
    r = c.post(f"/watch/{group.pk}/join/", {"message": "Hello"})
    assert r.status_code == 302 and r.url == group.get_absolute_url()
    m = group.memberships.get(user=neighbor)
    assert m.status == MemberStatus.PENDING
    page = client_for(resident).get(group.get_absolute_url()).content.decode()
    assert "Hello" in page and "Approve" in page
    r = client_for(neighbor).post(
        f"/watch/{group.pk}/decide/", {"membership": m.pk, "approve": "1"}
    )
    m.refresh_from_db()
    assert m.status == MemberStatus.PENDING  # members cannot decide
    client_for(resident).post(f"/watch/{group.pk}/decide/", {"membership": m.pk, "approve": "1"})
    m.refresh_from_db()
    assert m.status == MemberStatus.ACTIVE
    r = c.post(f"/watch/{group.pk}/leave/", follow=True)
    assert "You left the group." in r.content.decode()


def test_bad_input_shows_message_not_500(member_group, client_for, resident):
    c = client_for(resident)
    for verb, data in [
        ("slot", {"weekday": "x"}),
        ("slot", {"weekday": "1", "start_time": "nope", "minutes": "60", "capacity": "2"}),
        ("event", {"title": "M", "starts_at": "garbage"}),
        ("announce", {"title": ""}),
        ("signup", {"slot": "999"}),
        ("remove", {"membership": "abc"}),
        ("nonsense", {}),
    ]:
        r = c.post(f"/watch/{member_group.pk}/{verb}/", data)
        assert r.status_code in (302, 404), (verb, r.status_code)
    r = c.post("/watch/new/neighborhood/1/", {"name": ""})
    assert r.status_code == 400 and "Name the group." in r.content.decode()
    assert client_for(None).post(f"/watch/{member_group.pk}/join/").status_code == 302


def test_create_page(city, client_for, resident):
    r = client_for(resident).post(
        "/watch/new/neighborhood/1/", {"name": "Elm Street Eyes", "meeting_times": "Mondays"}
    )
    assert r.status_code == 302
    page = client_for(None).get(r.url).content.decode()
    assert "Elm Street Eyes" in page and "Mondays" in page


def test_calendar_feed_valid_and_private(member_group, client_for, resident, neighbor, officer):
    start = timezone.now() + dt.timedelta(days=2)
    e = services.add_event(
        member_group,
        title="Block meeting with a long title " * 4,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        location="Library, room 2",
        by=resident,
    )
    url = f"/watch/{member_group.pk}/calendar.ics"
    assert client_for(None).get(url).status_code == 404
    assert client_for(officer).get(url).status_code == 404
    r = client_for(neighbor).get(url)
    assert r["Content-Type"].startswith("text/calendar")
    body = r.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    cal = Calendar.from_ical(body)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"watch-event-{e.pk}@testserver" or "@" in str(event["UID"])
    assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert "TZID" in event["DTSTART"].params
    assert cal.walk("VTIMEZONE")
    services.cancel_event(e, by=resident)
    cal = Calendar.from_ical(client_for(neighbor).get(url).content)
    (event,) = cal.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_health_view_roles(member_group, personas, client_for):
    url = f"/watch/{member_group.pk}/health/"
    for name in ("officer", "supervisor", "admin"):
        page = client_for(personas[name]).get(url)
        assert page.status_code == 200 and "Riverside Watch" in page.content.decode(), name
    for name in ("resident", "partner", "other_district_officer", "analyst"):
        assert client_for(personas[name]).get(url).status_code in (404, 302), name
    page = client_for(personas["officer"]).get("/watch/health/").content.decode()
    assert "Riverside Watch" in page
    page = client_for(personas["other_district_officer"]).get("/watch/health/").content.decode()
    assert "Riverside Watch" not in page


def test_area_section_and_guide(group, client_for):
    page = client_for(None).get("/areas/neighborhood/1/").content.decode()
    assert "Neighborhood watch" in page and "Riverside Watch" in page and "Join" in page
    assert "How to start a watch group" in client_for(None).get("/watch/guide/").content.decode()
    assert "Riverside Watch" in client_for(None).get("/watch/").content.decode()


def test_supervisor_assigns_liaison_and_read_is_logged(group, client_for, supervisor, officer):
    from beatbridge.accounts.models import ActivityEntry

    c = client_for(supervisor)
    page = c.get(group.get_absolute_url()).content.decode()
    assert "Officer Olivia" in page  # the officer serving Riverside is offered
    assert ActivityEntry.objects.filter(verb="read", actor=supervisor).exists()
    c.post(f"/watch/{group.pk}/liaison/", {"officer": officer.pk})
    group.refresh_from_db()
    assert group.liaison == officer


def test_other_district_officer_cannot_become_liaison(group, client_for, other_district_officer):
    c = client_for(other_district_officer)
    assert "Become this group" not in c.get(group.get_absolute_url()).content.decode()
    c.post(f"/watch/{group.pk}/liaison/", {"officer": other_district_officer.pk})
    group.refresh_from_db()
    assert group.liaison is None
