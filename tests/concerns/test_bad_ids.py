"""Hostile ids and numbers in URLs and forms give 400/404, never a 500."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "9" * 30
IN_B111 = {"lat": 41.805, "lon": -87.695}


def test_huge_and_unicode_ids(client, client_for, city, categories, officer):
    staff = client_for(officer)
    for url in [
        f"/concerns/{HUGE}/",
        f"/api/v1/concerns/{HUGE}/",
        f"/concerns/{HUGE}/manage/",
        f"/api/v1/categories/{HUGE}/",
        "/concerns/similar/?category=%C2%B2&lat=1&lon=2",
        f"/concerns/similar/?category={HUGE}&lat=nan&lon=inf",
    ]:
        assert staff.get(url).status_code in (200, 404), url
    for category in (HUGE, "²"):
        response = client.post(
            "/api/v1/concerns/", {"category": category, "description": "x", **IN_B111}
        )
        assert response.status_code == 400
    assert staff.post("/concerns/triage/", {"concern": [HUGE, "²", "x"]}).status_code == 302


def test_huge_numbers_in_actions(client_for, make_concern, officer):
    staff = client_for(officer)
    concern = make_concern()
    response = staff.post(f"/api/v1/concerns/{concern.pk}/duplicate/", {"original": HUGE})
    assert response.status_code == 400
    response = staff.post(f"/concerns/{concern.pk}/manage/duplicate/", {"original": HUGE})
    assert response.status_code == 400
    response = staff.post(f"/concerns/{concern.pk}/manage/assign/", {"officer": "abc"})
    assert response.status_code == 400


def test_duplicate_of_a_number_that_is_no_concern(client_for, make_concern, officer):
    staff = client_for(officer)
    concern = make_concern()
    response = staff.post(f"/concerns/{concern.pk}/manage/duplicate/", {"original": 999999})
    assert response.status_code == 400
    assert "No concern has that number." in response.content.decode()
    response = staff.post(f"/api/v1/concerns/{concern.pk}/duplicate/", {"original": 999999})
    assert response.status_code == 400
    assert response.json() == {"original": ["No concern has that number."]}
    concern.refresh_from_db()
    assert concern.duplicate_of_id is None


# ---------------------------------------------------------------------------------------
# Every API route with an id in its path, walked from the URL resolver: a non-integer, a
# fraction or a number beyond bigint (a 500 on PostgreSQL when it reaches the database) is a
# 400 or 404. A new route with an id is covered without editing this test.

BAD_IDS = ["abc", "1.5", "9" * 20, "-1", "0x10"]
ID_NAMES = {"pk", "id", "concern_id", "meeting_id", "tip_id", "priority_id", "series_id"}
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)|<(?:(?P<conv>\w+):)?(?P<rname>\w+)>")


def _walk(patterns, prefix=""):
    for entry in patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, text)
        elif isinstance(entry, URLPattern):
            yield text, entry


def _id_routes():
    """(template, route name) of every /api/v1/ route whose path holds an id."""
    routes = set()
    for text, entry in _walk(get_resolver().url_patterns):
        clean = text.replace("^", "").replace("$", "").replace("\\", "")
        if not clean.startswith("api/v1/") or "format" in clean:
            continue
        names = [m.group("name") or m.group("rname") for m in _GROUP.finditer(clean)]
        if not names or not set(names) & ID_NAMES:
            continue
        routes.add((clean, entry.name))
    return sorted(routes)


def _fill(template, value):
    def replace(match):
        return value

    return "/" + _GROUP.sub(replace, template).replace("/?", "/")


def test_the_walk_finds_the_routes_it_must():
    found = {name for _template, name in _id_routes()}
    for expected in ["concern-detail", "concern-assign", "api-tip", "api-meetings-detail"]:
        assert expected in found, sorted(found)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_every_api_id_route_answers_bad_ids_with_400_or_404(city, categories, admin_user, bad):
    from django.test import Client

    staff = Client(raise_request_exception=False)
    staff.force_login(admin_user)
    wrong = {}
    for template, _name in _id_routes():
        for method in ("get", "post"):
            send = getattr(staff, method)
            # A well-formed id of nothing: what the route says before it looks anything up
            # (403 for a role that may not use it at all, 405 for a method it lacks).
            baseline = send(_fill(template, "999999"), {}, content_type="application/json")
            url = _fill(template, bad)
            status = send(url, {}, content_type="application/json").status_code
            if status >= 500 or (status not in (400, 404) and status != baseline.status_code):
                wrong[f"{method.upper()} {url}"] = status
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))


def test_open311_request_ids_beyond_bigint(client, city, categories, make_concern):
    concern = make_concern()
    twenty = "9" * 20
    response = client.get(f"/open311/v2/requests/{twenty}.json")
    assert response.status_code == 404
    response = client.get("/open311/v2/requests.json", {"service_request_id": twenty})
    assert response.status_code == 200
    assert response.json() == []
    response = client.get(
        "/open311/v2/requests.json", {"service_request_id": f"{concern.pk},{twenty}"}
    )
    assert response.status_code == 200
    assert [r["service_request_id"] for r in response.json()] == [concern.pk]
    for bad in ("²", "9" * 5000):
        assert client.get(f"/open311/v2/requests/{bad}.json").status_code == 404
        response = client.get("/open311/v2/requests.json", {"service_request_id": bad})
        assert response.status_code == (400 if bad == "²" else 200)


@pytest.mark.parametrize("body", ["[]", '"str"', "null", "42", "[1, 2]"])
def test_concern_post_with_a_json_body_that_is_no_object(client, city, categories, body):
    response = client.post("/api/v1/concerns/", body, content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json() or "detail" in response.json()
