"""Workshop requests: who may ask, no duplicates, bad input, the supervisors' dashboard."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import ActivityEntry
from beatbridge.outreach import services
from beatbridge.outreach.models import WorkshopRequest


def test_resident_requests_once_per_topic(resident, city):
    first = services.request_workshop(
        by=resident, area=city["riverside"], topic="home_security", note="Garages"
    )
    again = services.request_workshop(by=resident, area=city["riverside"], topic="home_security")
    assert first.pk == again.pk and WorkshopRequest.objects.count() == 1
    assert ActivityEntry.objects.filter(verb="outreach.workshop_requested").count() == 1


def test_bad_input(resident, city, anon):
    with pytest.raises(ValidationError):
        services.request_workshop(by=resident, area=city["b111"], topic="home_security")
    with pytest.raises(ValidationError):
        services.request_workshop(by=resident, area=city["riverside"], topic="karaoke")
    with pytest.raises(ValidationError):
        services.request_workshop(
            by=resident, area=city["riverside"], topic="youth", note="x" * 1001
        )
    with pytest.raises(PermissionDenied):
        services.request_workshop(by=anon, area=city["riverside"], topic="youth")


def test_request_page(client_for, client, resident, city):
    r = client.get("/outreach/workshops/request/1/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    c = client_for(resident)
    assert c.get("/outreach/workshops/request/1/").status_code == 200
    assert c.post("/outreach/workshops/request/1/", {"topic": "nope"}).status_code == 400
    r = c.post("/outreach/workshops/request/1/", {"topic": "neighborhood_watch", "note": "Elm St"})
    assert r.status_code == 302 and r["Location"] == "/areas/neighborhood/1/"
    assert c.get("/outreach/workshops/request/999/").status_code == 404


def test_counted_on_the_supervisors_dashboard(client_for, personas, city):
    for role in ("resident", "partner", "officer"):
        services.request_workshop(by=personas[role], area=city["riverside"], topic="home_security")
    services.request_workshop(by=personas["resident"], area=city["hilltop"], topic="youth")
    html = client_for(personas["supervisor"]).get("/priorities/dashboard/").content.decode()
    assert "Workshop requests" in html
    assert (
        '<td class="workshop-count">3</td>' in html and '<td class="workshop-count">1</td>' in html
    )
    page = client_for(personas["supervisor"]).get("/outreach/workshops/requests/")
    assert page.status_code == 200


@pytest.mark.parametrize("role", ["resident", "partner", "officer", "analyst"])
def test_request_list_is_for_supervisors(client_for, personas, role):
    assert client_for(personas[role]).get("/outreach/workshops/requests/").status_code == 403


def test_supervisor_decides_and_the_count_drops(client_for, personas, city):
    req = services.request_workshop(by=personas["resident"], area=city["riverside"], topic="youth")
    c = client_for(personas["supervisor"])
    r = c.post(f"/outreach/workshops/requests/{req.pk}/decide/", {"status": "scheduled"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == "scheduled"
    assert ActivityEntry.objects.filter(verb="outreach.workshop_request_decided").exists()
    assert '<td class="workshop-count">' not in c.get("/priorities/dashboard/").content.decode()
    r = c.post(
        f"/outreach/workshops/requests/{req.pk}/decide/", {"status": "declined"}, follow=True
    )
    assert "already decided" in r.content.decode()
    r = c.post(f"/outreach/workshops/requests/{req.pk}/decide/", {"status": "bogus"}, follow=True)
    assert r.status_code == 200
    for role in ("resident", "officer", "partner", "analyst"):
        r = client_for(personas[role]).post(
            f"/outreach/workshops/requests/{req.pk}/decide/", {"status": "declined"}
        )
        assert r.status_code == 403
