"""POST requests.{fmt}: api_key, location, attributes, idempotency, and every error case."""

import pytest

from beatbridge.concerns.models import Category, Concern

from .conftest import IN_B111, OUTSIDE
from .open311_helpers import (  # noqa: F401
    BASE,
    api_key,
    as_json,
    fast_passwords,
    vehicle_service,
    xml_errors,
    xml_root,
)

KEY = "b7f1c2d94e6a4f0b8c3d1e5f7a9b2c4d"
OTHER_KEY = "Zq8Lr3Vt6Nw1Kx5Pb9Hm2J"


def _post(client, fmt="json", data=None, **headers):
    return client.post(BASE + f"requests.{fmt}", data or {}, **headers)


def _form(api_key, **extra):  # noqa: F811
    data = {
        "api_key": api_key,
        "jurisdiction_id": "beatbridge.example",
        "service_code": "noise",
        "lat": str(IN_B111[1]),
        "long": str(IN_B111[0]),
        "description": "Party speakers on the roof every night",
        "email": "jo@example.org",
        "first_name": "Jo",
        "last_name": "Smith",
        "phone": "555-0100",
        "device_id": "tt222111",
        "account_id": "123456",
        "media_url": "https://photos.example/123.jpg",
        "attribute[time_of_day]": "night",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_post_json_creates_a_concern(client, categories, api_key):  # noqa: F811
    response = _post(client, "json", _form(api_key))
    assert response.status_code == 200
    data = as_json(response)
    assert list(data[0]) == ["service_request_id", "service_notice", "account_id"]
    concern = Concern.objects.get(pk=data[0]["service_request_id"])
    assert data[0]["account_id"] is None and data[0]["service_notice"]
    assert concern.category.code == "noise" and concern.beat.code == "0111"
    assert concern.contact_name == "Jo Smith" and concern.contact_email == "jo@example.org"
    assert concern.contact_phone == "555-0100"
    assert concern.attributes == {"time_of_day": "night"}
    assert concern.source == "open311:Test 311 app"
    assert concern.is_anonymous is False
    # ... and it is visible through GET, without the personal data.
    shown = as_json(client.get(BASE + f"requests/{concern.pk}.json"))[0]
    assert shown["description"] == "Party speakers on the roof every night"
    assert "jo@example.org" not in str(shown)


def test_post_xml_response(client, categories, api_key):  # noqa: F811
    root = xml_root(_post(client, "xml", _form(api_key)))
    assert root.tag == "service_requests"
    request = root[0]
    assert request.tag == "request"
    assert [c.tag for c in request] == ["service_request_id", "service_notice", "account_id"]
    assert Concern.objects.filter(pk=int(request.findtext("service_request_id"))).exists()
    assert request.findtext("account_id") == ""


def test_post_with_address_string_only(client, categories, api_key):  # noqa: F811
    response = _post(
        client,
        "json",
        _form(api_key, lat=None, long=None, address_string="Corner of 5th, Riverside"),
    )
    assert response.status_code == 200
    concern = Concern.objects.get()
    assert concern.neighborhood.name == "Riverside" and concern.address.startswith("Corner")


def test_anonymous_post_without_contact(client, categories, api_key):  # noqa: F811
    response = _post(
        client, "json", _form(api_key, email=None, first_name=None, last_name=None, phone=None)
    )
    assert response.status_code == 200
    concern = Concern.objects.get()
    assert concern.is_anonymous and concern.contact_email == "" and concern.submitted_by is None


def test_all_attribute_types(client, city, vehicle_service, api_key):  # noqa: F811
    data = _form(api_key, service_code="odd-vehicle", **{"attribute[time_of_day]": None})
    data.update(
        {
            "attribute[plate]": "ABC 123",
            "attribute[count]": "3",
            "attribute[seen_at]": "2026-11-20T22:15:00-06:00",
            "attribute[details]": "Two lines\nof text",
            "attribute[color]": "red",
            "attribute[days][]": ["mon", "fri"],
            "attribute[unknown_extra]": "ignored",
        }
    )
    response = _post(client, "json", data)
    assert response.status_code == 200, response.content
    concern = Concern.objects.get()
    assert concern.attributes["plate"] == "ABC 123"
    assert concern.attributes["days"] == "mon,fri"
    assert concern.attributes["color"] == "red"
    assert "unknown_extra" not in concern.attributes


@pytest.mark.parametrize(
    ("attrs", "needle"),
    [
        ({}, "attribute[plate] is required"),
        ({"attribute[plate]": "X", "attribute[color]": "green"}, "attribute[color] must be one of"),
        ({"attribute[plate]": "X", "attribute[color][]": ["red", "blue"]}, "attribute[color]"),
        ({"attribute[plate]": "X", "attribute[days][]": ["mon", "sun"]}, "attribute[days]"),
        ({"attribute[plate]": "X", "attribute[count]": "many"}, "must be a number"),
        ({"attribute[plate]": "X", "attribute[seen_at]": "last tuesday"}, "W3C datetime"),
    ],
)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_attributes_are_400(client, city, vehicle_service, api_key, attrs, needle, fmt):  # noqa: F811
    data = _form(api_key, service_code="odd-vehicle", **{"attribute[time_of_day]": None})
    data.update(attrs)
    response = _post(client, fmt, data)
    assert response.status_code == 400
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert any(needle in e["description"] for e in errors), errors
    assert Concern.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_missing_or_bad_api_key_is_403(client, categories, api_key, fmt, key):  # noqa: F811
    response = _post(client, fmt, _form(key))
    assert response.status_code == 403
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert errors[0]["code"] == 403 and "api_key" in errors[0]["description"]
    assert Concern.objects.count() == 0


def test_inactive_client_is_403(client, categories, api_key):  # noqa: F811
    from beatbridge.concerns.models import ApiClient

    ApiClient.objects.update(is_active=False)
    assert _post(client, "json", _form(api_key)).status_code == 403


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("extra", "status", "needle"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "potholes"}, 404, "potholes"),
        ({"lat": None, "long": None}, 400, "location is required"),
        ({"lat": None, "long": None, "address_id": "545483"}, 400, "address_id"),
        ({"long": None}, 400, "lat and long"),
        ({"lat": "north"}, 400, "lat must be a number"),
        ({"lat": str(OUTSIDE[1]), "long": str(OUTSIDE[0])}, 400, "outside the areas"),
        ({"lat": "95", "long": "10"}, 400, "Latitude"),
        ({"description": ""}, 400, "description"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"address_string": "Atlantis", "lat": None, "long": None}, 400, "Atlantis"),
        ({"attribute[time_of_day]": "teatime"}, 400, "time_of_day"),
    ],
)
def test_post_errors(client, categories, api_key, fmt, extra, status, needle):  # noqa: F811
    response = _post(client, fmt, _form(api_key, **extra))
    assert response.status_code == status
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert all(e["code"] == status for e in errors)
    assert any(needle in e["description"] for e in errors), errors
    assert Concern.objects.count() == 0


def test_category_without_anonymous_needs_contact(client, categories, api_key):  # noqa: F811
    Category.objects.filter(code="noise").update(allows_anonymous=False)
    response = _post(
        client, "json", _form(api_key, email=None, first_name=None, last_name=None, phone=None)
    )
    assert response.status_code == 400
    assert "name, email or phone" in as_json(response)[0]["description"]


def test_idempotent_post(client, categories, api_key):  # noqa: F811
    first = _post(client, "json", _form(api_key), HTTP_IDEMPOTENCY_KEY=KEY)
    second = _post(client, "xml", _form(api_key), HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == second.status_code == 200
    first_id = as_json(first)[0]["service_request_id"]
    assert int(xml_root(second)[0].findtext("service_request_id")) == first_id
    assert second["Idempotent-Replayed"] == "true"
    assert Concern.objects.count() == 1
    # The key also works as a token.
    token = as_json(client.get(BASE + f"tokens/{KEY}.json"))
    assert token == [{"service_request_id": first_id, "token": KEY}]
    root = xml_root(client.get(BASE + f"tokens/{KEY}.xml"))
    assert root.tag == "service_requests"
    assert [c.tag for c in root[0]] == ["service_request_id", "token"]
    # The same key with different content is refused.
    conflict = _post(
        client,
        "json",
        _form(api_key, description="Something else"),
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert conflict.status_code == 422
    assert "already used" in as_json(conflict)[0]["description"]
    # A different key makes a new request.
    _post(client, "json", _form(api_key), HTTP_IDEMPOTENCY_KEY=OTHER_KEY)
    assert Concern.objects.count() == 2
    # A key with less than 128 random bits is refused.
    weak = _post(client, "json", _form(api_key), HTTP_IDEMPOTENCY_KEY="b7f1-retry")
    assert weak.status_code == 400
    assert "too easy to guess" in as_json(weak)[0]["description"]
    assert Concern.objects.count() == 2


def test_failed_post_is_not_remembered(client, categories, api_key):  # noqa: F811
    bad = _post(client, "json", _form(api_key, description=""), HTTP_IDEMPOTENCY_KEY=KEY)
    assert bad.status_code == 400
    good = _post(client, "json", _form(api_key), HTTP_IDEMPOTENCY_KEY=KEY)
    assert good.status_code == 200 and Concern.objects.count() == 1


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_token_is_404(client, categories, fmt):
    response = client.get(BASE + f"tokens/nope.{fmt}")
    assert response.status_code == 404
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert errors[0]["code"] == 404


def test_post_needs_no_csrf_token(categories, api_key):  # noqa: F811
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(BASE + "requests.json", _form(api_key)).status_code == 200


def test_media_url_is_kept_as_a_link_and_returned(client, categories, api_key):  # noqa: F811
    response = _post(client, "json", _form(api_key))
    concern = Concern.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert concern.media_url == "https://photos.example/123.jpg"
    assert concern.photos.count() == 0  # never fetched
    shown = as_json(client.get(BASE + f"requests/{concern.pk}.json"))[0]
    assert shown["media_url"] == "https://photos.example/123.jpg"


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://files.example/a.jpg", "not a url", "https://x/" + "a" * 600],
)
def test_bad_media_url_is_400(client, categories, api_key, fmt, link):  # noqa: F811
    response = _post(client, fmt, _form(api_key, media_url=link))
    assert response.status_code == 400
    assert b"media_url" in response.content
    assert not Concern.objects.exists()


def test_staff_see_the_media_link_and_the_public_page_does_not(
    client,
    categories,
    api_key,  # noqa: F811
    officer,
    client_for,
):
    response = _post(client, "json", _form(api_key))
    pk = as_json(response)[0]["service_request_id"]
    public = client.get(f"/concerns/{pk}/")
    assert public.status_code == 200 and b"photos.example" not in public.content
    manage = client_for(officer).get(f"/concerns/{pk}/manage/")
    assert manage.status_code == 200 and b"https://photos.example/123.jpg" in manage.content
