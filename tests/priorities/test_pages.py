"""Priority pages: area list, propose/support, report-back form, dashboard, area section."""

import pytest

from beatbridge.priorities import services
from beatbridge.priorities.models import Priority


@pytest.fixture
def active(city, officer, resident):
    p = services.propose_priority(
        city["b111"], title="Speeding on Elm", description="Cars race", by=resident
    )
    services.confirm_priorities(city["b111"], chosen=[p], by=officer)
    p.refresh_from_db()
    return p


def test_neighborhood_page_shows_you_said_we_did(active, officer, client):
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert "you said, we did" in page and "Speeding on Elm" in page
    assert "No report-back yet" in page
    services.report_back(
        active,
        what_was_done="Speed trailer on Elm",
        done_by="Officer Olivia",
        outcome="better",
        by=officer,
    )
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert "Speed trailer on Elm" in page and "Better" in page
    # Hilltop is not served by beat 0111.
    assert "Speeding on Elm" not in client.get("/areas/neighborhood/2/").content.decode()


def test_propose_and_support_pages(city, resident, client_for, anon):
    c = client_for(resident)
    assert c.get("/priorities/area/beat/0111/").status_code == 200
    bad = c.post("/priorities/area/beat/0111/propose/", {"title": ""})
    assert bad.status_code == 400 and b"errorlist" in bad.content
    ok = c.post("/priorities/area/beat/0111/propose/", {"title": "Broken lights"})
    assert ok.status_code == 302
    p = Priority.objects.get(title="Broken lights")
    neighbor = client_for(type(resident).objects.create_user(email="n@example.org"))
    assert neighbor.post(f"/priorities/{p.pk}/support/").status_code == 302
    p.refresh_from_db()
    assert p.support_count == 1
    anon_client = client_for(None)
    assert anon_client.post(f"/priorities/{p.pk}/support/").status_code == 302  # to login
    p.refresh_from_db()
    assert p.support_count == 1
    assert c.get("/priorities/area/ward/1/").status_code == 404


def test_report_back_page_permissions(
    active, resident, officer, other_district_officer, client_for
):
    data = {
        "what_was_done": "Patrols",
        "done_by": "Team",
        "outcome": "same",
        "new_status": "active",
    }
    url = f"/priorities/{active.pk}/report-back/"
    assert client_for(resident).post(url, data).status_code == 403
    assert client_for(other_district_officer).post(url, data).status_code == 403
    assert client_for(officer).post(url, data).status_code == 302
    assert active.report_backs.count() == 1
    # Bad input is refused with a message, nothing stored.
    client_for(officer).post(url, {**data, "outcome": "meh"})
    assert active.report_backs.count() == 1


@pytest.mark.parametrize(
    "role, status",
    [
        (None, 302),
        ("resident", 403),
        ("officer", 403),
        ("analyst", 403),
        ("supervisor", 200),
        ("admin", 200),
    ],
)
def test_dashboard_is_for_supervisors(personas, client_for, role, status):
    user = personas[role] if role else None
    assert client_for(user).get("/priorities/dashboard/").status_code == status


def test_confirm_page(active, city, officer, resident, client_for):
    other = services.propose_priority(city["b111"], title="Noise", by=resident)
    url = "/priorities/area/beat/0111/confirm/"
    assert client_for(resident).post(url, {"chosen": [other.pk]}).status_code == 403
    response = client_for(officer).post(url, {"chosen": [other.pk, active.pk]})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "active" and other.rank == 1
