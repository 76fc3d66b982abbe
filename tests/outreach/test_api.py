"""The API: public reads, writes by permission (403), bad input (400 with field errors),
and a schema that matches."""

import pytest
from rest_framework.test import APIClient

from beatbridge.outreach import demo, services
from beatbridge.outreach.models import Announcement, WorkshopRequest


def _client(user=None):
    c = APIClient()
    if user is not None:
        c.force_login(user)
    return c


def test_public_list_and_detail(announcement, city):
    c = _client()
    r = c.get("/api/v1/announcements/")
    assert r.status_code == 200
    row = r.json()["results"][0]
    assert row["title"] == "Street fair on River St" and row["author"] == "Officer Olivia"
    assert len(row["share"]["short"]) <= 280 and len(row["share"]["long"]) <= 500
    assert row["areas"][0]["name"] == "Riverside"
    assert c.get(f"/api/v1/announcements/{announcement.pk}/").status_code == 200
    assert c.get("/api/v1/announcements/", {"area": city["b211"].pk}).json()["results"] == []
    assert (
        len(c.get("/api/v1/announcements/", {"area": city["riverside"].pk}).json()["results"]) == 1
    )
    assert c.get("/api/v1/announcements/", {"category": "closure"}).json()["results"] == []


def test_officer_posts_and_bad_input_is_400(officer, city):
    c = _client(officer)
    r = c.post(
        "/api/v1/announcements/",
        {"title": "Coffee", "body": "Friday", "category": "event", "areas": [city["b111"].pk]},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert Announcement.objects.filter(title="Coffee").exists()
    r = c.post(
        "/api/v1/announcements/", {"title": "", "body": "x", "category": "gossip"}, format="json"
    )
    assert r.status_code == 400 and {"title", "category"} <= set(r.json())
    r = c.post(
        "/api/v1/announcements/",
        {"title": "T", "body": "x", "category": "event", "areas": [city["b211"].pk]},
        format="json",
    )
    assert r.status_code == 400 and "areas" in r.json()
    r = c.post(
        "/api/v1/announcements/",
        {"title": "T", "body": "x", "category": "event", "is_citywide": True},
        format="json",
    )
    assert r.status_code == 403


@pytest.mark.parametrize("role", ["resident", "analyst"])
def test_roles_refused(personas, city, role):
    r = _client(personas[role]).post(
        "/api/v1/announcements/",
        {"title": "T", "body": "x", "category": "event", "areas": [city["riverside"].pk]},
        format="json",
    )
    assert r.status_code == 403


def test_anonymous_write_is_refused(announcement, city):
    r = _client().post("/api/v1/announcements/", {"title": "T"}, format="json")
    assert r.status_code in (401, 403)
    r = _client().patch(f"/api/v1/announcements/{announcement.pk}/", {"title": "X"}, format="json")
    assert r.status_code in (401, 403)


def test_edit_and_withdraw(announcement, officer, other_district_officer):
    r = _client(other_district_officer).patch(
        f"/api/v1/announcements/{announcement.pk}/", {"title": "X"}, format="json"
    )
    assert r.status_code == 403
    r = _client(officer).patch(
        f"/api/v1/announcements/{announcement.pk}/", {"title": ""}, format="json"
    )
    assert r.status_code == 400
    r = _client(officer).patch(
        f"/api/v1/announcements/{announcement.pk}/", {"title": "Moved"}, format="json"
    )
    assert r.status_code == 200 and r.json()["title"] == "Moved"
    r = _client(officer).post(
        f"/api/v1/announcements/{announcement.pk}/withdraw/", {}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert _client().get(f"/api/v1/announcements/{announcement.pk}/").status_code == 404


def test_resources_search(db):
    demo.load_resources(out=lambda *_: None)
    c = _client()
    rows = c.get("/api/v1/resources/", {"q": "policia", "language": "es"}).json()["results"]
    assert "sus-derechos-si-lo-detienen" in [r["slug"] for r in rows]
    assert {r["language"] for r in rows} == {"es"}
    rows = c.get("/api/v1/resources/", {"topic": "mental_health"}).json()["results"]
    assert {r["slug"] for r in rows} >= {
        "mental-health-crisis-contacts",
        "contactos-crisis-salud-mental",
    }
    assert c.post("/api/v1/resources/", {}).status_code in (401, 403, 405)


def test_workshop_requests_api(resident, supervisor, city):
    c = _client(resident)
    r = c.post(
        "/api/v1/workshop-requests/",
        {"area": city["riverside"].pk, "topic": "youth"},
        format="json",
    )
    assert r.status_code == 201
    r = c.post(
        "/api/v1/workshop-requests/", {"area": city["b111"].pk, "topic": "youth"}, format="json"
    )
    assert r.status_code == 400 and "area" in r.json()
    r = c.post(
        "/api/v1/workshop-requests/", {"area": city["riverside"].pk, "topic": "x"}, format="json"
    )
    assert r.status_code == 400 and "topic" in r.json()
    assert _client().get("/api/v1/workshop-requests/").status_code in (401, 403)
    assert len(_client(supervisor).get("/api/v1/workshop-requests/").json()["results"]) == 1
    assert WorkshopRequest.objects.count() == 1


def test_schema_lists_outreach_paths(client):
    r = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/announcements/" in paths and "/api/v1/announcements/{id}/withdraw/" in paths
    assert "/api/v1/resources/" in paths and "/api/v1/workshop-requests/" in paths
    assert "post" in paths["/api/v1/announcements/"]


def test_share_on_the_api_matches_the_service(announcement):
    from beatbridge.outreach import share

    row = _client().get(f"/api/v1/announcements/{announcement.pk}/").json()
    assert row["share"]["short"] == share.announcement_text(announcement).short
    services.withdraw_announcement(announcement, by=announcement.author)
