"""/api/v1/subscriptions/: a person's own subscriptions, every verb, every role."""

import pytest

from beatbridge.subscriptions.models import Subscription

URL = "/api/v1/subscriptions/"
ROLES = [
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin_user",
]


def test_anonymous_is_refused(client, city):
    assert client.get(URL).status_code in (401, 403)
    response = client.post(
        URL, {"area": None, "topics": ["announcements"]}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_crud_for_every_role(role, request, client_for, city):
    c = client_for(request.getfixturevalue(role))
    assert c.get(URL).json() == []
    created = c.post(
        URL,
        {"area": city["b111"].pk, "topics": ["urgent_alerts", "announcements"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["area"] == city["b111"].pk and body["area_name"] == "Beat 0111"
    assert body["topics"] == ["announcements", "urgent_alerts"]  # canonical order
    pk = body["id"]
    assert c.get(f"{URL}{pk}/").json()["id"] == pk
    patched = c.patch(
        f"{URL}{pk}/", {"topics": ["meeting_reminders"]}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["topics"] == ["meeting_reminders"]
    put = c.put(
        f"{URL}{pk}/",
        {"area": None, "topics": ["monthly_statistics"]},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["area_name"] == "The whole city"
    assert c.delete(f"{URL}{pk}/").status_code == 204
    assert c.get(URL).json() == []


def test_bad_input_is_400_with_field_errors(resident, client_for, city):
    c = client_for(resident)
    cases = [
        ({"area": city["b111"].pk, "topics": []}, "topics"),
        ({"area": city["b111"].pk, "topics": ["gossip"]}, "topics"),
        ({"area": 999999, "topics": ["announcements"]}, "area"),
        ({"area": "x", "topics": ["announcements"]}, "area"),
        ({"area": city["b111"].pk}, "topics"),
    ]
    for payload, field in cases:
        response = c.post(URL, payload, content_type="application/json")
        assert response.status_code == 400, payload
        assert field in str(response.json()), response.json()
    c.post(
        URL, {"area": city["b111"].pk, "topics": ["announcements"]}, content_type="application/json"
    )
    dup = c.post(
        URL, {"area": city["b111"].pk, "topics": ["urgent_alerts"]}, content_type="application/json"
    )
    assert dup.status_code == 400 and "area" in str(dup.json())
    assert Subscription.objects.count() == 1


def test_others_subscriptions_are_invisible(resident, officer, client_for, city):
    mine = (
        client_for(resident)
        .post(URL, {"area": None, "topics": ["announcements"]}, content_type="application/json")
        .json()
    )
    other = client_for(officer)
    assert other.get(URL).json() == []
    assert other.get(f"{URL}{mine['id']}/").status_code == 404
    assert (
        other.patch(
            f"{URL}{mine['id']}/", {"topics": ["urgent_alerts"]}, content_type="application/json"
        ).status_code
        == 404
    )
    assert other.delete(f"{URL}{mine['id']}/").status_code == 404
    assert Subscription.objects.get().topics == ["announcements"]


def test_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/subscriptions/" in paths and "/api/v1/subscriptions/{id}/" in paths
    assert set(paths["/api/v1/subscriptions/{id}/"]) >= {"get", "put", "patch", "delete"}
    component = schema["components"]["schemas"]["Subscription"]
    assert component["properties"]["area"]["nullable"] is True
    assert component["properties"]["topics"]["type"] == "array"
