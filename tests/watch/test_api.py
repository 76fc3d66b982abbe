"""API: public list/detail without member personal data; membership actions; schema."""

import pytest

from beatbridge.watch.models import MemberStatus

pytestmark = pytest.mark.django_db


def test_public_list_and_detail(member_group, client_for):
    r = client_for(None).get("/api/v1/watch-groups/")
    assert r.status_code == 200
    body = r.json()
    items = body["results"] if isinstance(body, dict) else body
    (g,) = items
    assert g["name"] == "Riverside Watch" and g["coordinators"] == ["Rosa"]
    assert g["member_count"] == 2 and g["area"]["name"] == "Riverside"
    text = r.content.decode()
    assert "Nina" not in text and "@example.org" not in text
    d = client_for(None).get(f"/api/v1/watch-groups/{member_group.pk}/").json()
    assert d["watched_categories"][0]["code"] == "220"
    assert client_for(None).get("/api/v1/watch-groups/99999/").status_code == 404


def test_create_join_decide_leave(city, resident, neighbor, client_for):
    c = client_for(resident)
    assert client_for(None).post("/api/v1/watch-groups/", {}).status_code in (401, 403)
    bad = c.post("/api/v1/watch-groups/", {"name": "", "area": 999999}, format="json")
    assert bad.status_code == 400 and "area" in bad.json()
    r = c.post(
        "/api/v1/watch-groups/",
        {"name": "API Watch", "area": city["riverside"].pk, "categories": ["220"]},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    n = client_for(neighbor)
    j = n.post(
        f"/api/v1/watch-groups/{pk}/join/", {"message": "hi"}, content_type="application/json"
    )
    assert j.status_code == 200 and j.json()["status"] == MemberStatus.PENDING
    assert n.get(f"/api/v1/watch-groups/{pk}/requests/").status_code == 403
    reqs = c.get(f"/api/v1/watch-groups/{pk}/requests/").json()
    assert reqs[0]["name"] == "Nina" and reqs[0]["message"] == "hi"
    assert (
        n.post(
            f"/api/v1/watch-groups/{pk}/decide/",
            {"membership": reqs[0]["id"], "approve": True},
            content_type="application/json",
        ).status_code
        == 403
    )
    bad = c.post(
        f"/api/v1/watch-groups/{pk}/decide/", {"membership": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
    ok = c.post(
        f"/api/v1/watch-groups/{pk}/decide/",
        {"membership": reqs[0]["id"], "approve": True},
        content_type="application/json",
    )
    assert ok.json()["status"] == MemberStatus.ACTIVE
    assert n.post(f"/api/v1/watch-groups/{pk}/leave/").json()["status"] == MemberStatus.LEFT
    again = n.post(f"/api/v1/watch-groups/{pk}/leave/")
    assert again.status_code == 400


def test_schema_documents_watch_groups(client_for):
    r = client_for(None).get("/api/schema/?format=json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/watch-groups/" in paths
    assert "post" in paths["/api/v1/watch-groups/{id}/join/"]
    assert "/api/v1/watch-groups/{id}/decide/" in paths
