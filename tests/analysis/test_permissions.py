"""Every insights page and endpoint, for every role."""

import pytest

from beatbridge.analysis import permissions

PUBLIC = [
    "/insights/",
    "/insights/methods/",
    "/insights/hotspots/",
    "/insights/near-repeat/",
    "/insights/hotspots/beat/0111/",
    "/api/v1/insights/hotspots/",
    "/api/v1/insights/near-repeat/",
    "/api/v1/insights/elevated-risks/",
]
STAFF = [
    "/insights/trends/",
    "/api/v1/insights/trend-alerts/",
    "/insights/needs/",
    "/insights/needs/1/",
]
BALANCE = ["/insights/balance/", "/insights/balance/1/", "/api/v1/insights/balance/1/"]
ADMIN = ["/insights/needs/population/"]

ALLOWED = {
    "anon": set(PUBLIC),
    "resident": set(PUBLIC),
    "partner": set(PUBLIC),
    "officer": set(PUBLIC + STAFF + BALANCE),  # officer serves Riverside (code 1)
    "other_district_officer": set(PUBLIC + STAFF) | {"/insights/balance/"},
    "supervisor": set(PUBLIC + STAFF + BALANCE),
    "analyst": set(PUBLIC + STAFF + BALANCE),
    "admin": set(PUBLIC + STAFF + BALANCE + ADMIN),
}


@pytest.mark.parametrize("persona", list(ALLOWED))
def test_every_page_and_endpoint(personas, client_for, persona):
    client = client_for(None if persona == "anon" else personas[persona])
    for url in PUBLIC + STAFF + BALANCE + ADMIN:
        status = client.get(url).status_code
        if url in ALLOWED[persona]:
            assert status == 200, (url, status)
        else:
            assert status in (401, 403), (url, status)


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anon", False),
        ("resident", False),
        ("officer", False),
        ("analyst", False),
        ("supervisor", True),
        ("admin", True),
    ],
)
def test_only_supervisors_record_responses(personas, persona, expected):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if persona == "anon" else personas[persona]
    assert permissions.can_record_wedge_response(user) is expected


def test_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/insights/hotspots/",
        "/api/v1/insights/near-repeat/",
        "/api/v1/insights/elevated-risks/",
        "/api/v1/insights/trend-alerts/",
        "/api/v1/insights/balance/{code}/",
    ):
        assert path in schema["paths"]


def test_unknown_area_is_404(client_for, analyst):
    client = client_for(analyst)
    assert client.get("/insights/balance/99/").status_code == 404
    assert client.get("/insights/hotspots/moon/1/").status_code == 404
    assert client.get("/insights/near-repeat/XYZ/").status_code == 404


def test_pages_render_in_spanish(client_for, supervisor):
    client = client_for(supervisor)
    client.cookies["django_language"] = "es"
    for url in [
        "/insights/",
        "/insights/hotspots/",
        "/insights/near-repeat/",
        "/insights/trends/",
        "/insights/balance/",
        "/insights/balance/1/",
        "/insights/needs/",
        "/insights/needs/1/",
        "/insights/methods/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="es"' in response.content.decode(), url
