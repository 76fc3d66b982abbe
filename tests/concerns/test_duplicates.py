"""Duplicate suggestions and "+1 / me too"."""

import pytest
from django.core.exceptions import PermissionDenied

from beatbridge.concerns import services
from beatbridge.concerns.models import Concern, Support

from .conftest import IN_B111

NEAR = (IN_B111[0] + 0.0005, IN_B111[1])  # ~41 m east
FAR = (IN_B111[0] + 0.004, IN_B111[1])  # ~330 m east


def test_nearby_same_category_open_public_only(make_concern, officer):
    near = make_concern(where=NEAR)
    make_concern(where=FAR)  # outside noise's 150 m radius
    make_concern(where=NEAR, category="lighting")  # other category
    closed = make_concern(where=NEAR)
    services.reject_concern(closed, by=officer, reason="no")
    private = make_concern(where=NEAR)
    Concern.objects.filter(pk=private.pk).update(is_public=False)
    found = services.nearby_open_concerns("noise", *IN_B111)
    assert [c.pk for c, _ in found] == [near.pk]
    assert 30 < found[0][1] < 50


def test_fragment_endpoint(client, make_concern, categories):
    near = make_concern(where=NEAR, description="Bass all night")
    response = client.get(
        "/concerns/similar/",
        {"category": categories["noise"].pk, "lat": IN_B111[1], "lon": IN_B111[0]},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f"/concerns/{near.pk}/" in html and "Bass all night" in html
    empty = client.get(
        "/concerns/similar/",
        {"category": categories["lighting"].pk, "lat": IN_B111[1], "lon": IN_B111[0]},
    )
    assert "No similar open reports nearby" in empty.content.decode()
    by_place = client.get(
        "/concerns/similar/", {"category": categories["noise"].pk, "address": "Riverside"}
    )
    assert by_place.status_code == 200
    junk = client.get("/concerns/similar/", {"category": "x", "lat": "y"})
    assert junk.status_code == 200


def test_no_js_check_for_similar_reports(client, make_concern, categories):
    near = make_concern(where=NEAR)
    response = client.post(
        "/concerns/new/",
        {
            "category": categories["noise"].pk,
            "description": "",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "check_similar": "1",
            "submission_token": "Gf2Lp9QsW4mZx7RbN3kTv8",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/concerns/{near.pk}/" in html
    assert Concern.objects.count() == 1  # nothing submitted


def test_api_nearby(client, make_concern):
    near = make_concern(where=NEAR)
    body = client.get(
        "/api/v1/concerns/nearby/", {"category": "noise", "lat": IN_B111[1], "lon": IN_B111[0]}
    ).json()
    assert [row["id"] for row in body] == [near.pk]
    assert body[0]["distance_m"] < 50
    bad = client.get("/api/v1/concerns/nearby/", {"category": "nope", "lat": "x"})
    assert bad.status_code == 400 and {"category", "location"} <= set(bad.json())


def test_support_once_per_user(make_concern, resident, partner):
    concern = make_concern()
    assert services.support_concern(concern, by=resident) is True
    assert services.support_concern(concern, by=resident) is False
    assert services.support_concern(concern, by=partner) is True
    concern.refresh_from_db()
    assert concern.support_count == 2 == Support.objects.count()


@pytest.mark.parametrize("role", ["officer", "supervisor", "analyst", "admin"])
def test_staff_do_not_support(make_concern, personas, role):
    with pytest.raises(PermissionDenied):
        services.support_concern(make_concern(), by=personas[role])


def test_submitter_does_not_support_own_concern(make_concern, resident):
    with pytest.raises(PermissionDenied):
        services.support_concern(make_concern(by=resident), by=resident)


def test_anonymous_visitor_supports_once_per_session(client, client_for, make_concern):
    concern = make_concern()
    url = f"/concerns/{concern.pk}/support/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    concern.refresh_from_db()
    assert concern.support_count == 1
    support = Support.objects.get()
    assert support.user is None and support.anonymous_key
    client_for(None).post(f"/api/v1/concerns/{concern.pk}/support/")
    concern.refresh_from_db()
    assert concern.support_count == 2
    page = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert "You said “me too”" in page


def test_api_support(client_for, make_concern, resident, officer):
    concern = make_concern()
    c = client_for(resident)
    assert c.post(f"/api/v1/concerns/{concern.pk}/support/").json() == {
        "added": True,
        "support_count": 1,
    }
    assert c.post(f"/api/v1/concerns/{concern.pk}/support/").json()["added"] is False
    assert client_for(officer).post(f"/api/v1/concerns/{concern.pk}/support/").status_code == 403
