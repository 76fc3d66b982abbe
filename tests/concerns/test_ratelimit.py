"""Anonymous submissions are rate limited per client: 429 with Retry-After."""

import pytest

from beatbridge.concerns.models import Concern
from beatbridge.concerns.ratelimit import parse_rate

from .conftest import IN_B111

DATA = {"category": "noise", "description": "Loud", "lat": IN_B111[1], "lon": IN_B111[0]}


@pytest.fixture
def two_per_hour(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "ANON_RATE_LIMIT": "2/hour"}


def test_api_anonymous_limit(client, city, categories, two_per_hour):
    codes = [client.post("/api/v1/concerns/", DATA).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    response = client.post("/api/v1/concerns/", DATA)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert Concern.objects.count() == 2
    other_client = client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="10.9.9.9")
    assert other_client.status_code == 201


def test_signed_in_users_are_not_limited(client_for, city, categories, resident, two_per_hour):
    c = client_for(resident)
    assert [c.post("/api/v1/concerns/", DATA).status_code for _ in range(3)] == [201] * 3


def test_web_form_limit_shows_a_clear_message(client, city, categories, two_per_hour):
    def submit(n):
        return client.post(
            "/concerns/new/",
            {
                "category": categories["noise"].pk,
                "description": "Loud",
                "lat": IN_B111[1],
                "lon": IN_B111[0],
                "submission_token": f"tok{n}",
            },
        )

    assert [submit(n).status_code for n in range(2)] == [302, 302]
    response = submit(3)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many reports from this connection" in response.content.decode()


def test_no_ip_is_stored_with_the_concern(client, city, categories):
    client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="203.0.113.77")
    row = Concern.objects.values().get()
    assert "203.0.113.77" not in str(row)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("20/hour", (20, 3600)), ("5/min", (5, 60)), ("100/day", (100, 86400)), ("3/10min", (3, 600))],
)
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


def test_parse_rate_refuses_nonsense():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


def test_anonymous_support_is_limited(client, make_concern, two_per_hour):
    concerns = [make_concern() for _ in range(3)]
    codes = [
        client.__class__().post(f"/api/v1/concerns/{c.pk}/support/").status_code for c in concerns
    ]
    assert codes == [200, 200, 429]
