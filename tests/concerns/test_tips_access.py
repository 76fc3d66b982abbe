"""Who may see tips: officers of the tip's district and supervisors, nobody else.

Every staff read of a tip (page or API) leaves an audit entry.
"""

import pytest
from django.urls import reverse

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns.tips import services

from .conftest import IN_B111, IN_B211
from .open311_helpers import fast_passwords  # noqa: F401

ALLOWED = {"officer", "supervisor"}
ROLES = [
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin",
    "anon",
]


@pytest.fixture
def d1_tip(city):
    return services.submit_tip(
        body="Stolen bikes in the garage on Oak", lon=IN_B111[0], lat=IN_B111[1]
    ).tip


def _user(request, role):
    """Only the persona a test needs (creating all of them is slow)."""
    fixture = {"admin": "admin_user"}.get(role, role)
    return None if role == "anon" else request.getfixturevalue(fixture)


def _reads(tip):
    return ActivityEntry.objects.filter(verb="read", is_read=True, target_id=str(tip.pk))


@pytest.mark.parametrize("role", ROLES)
def test_tip_page_access_by_role(client_for, request, d1_tip, role):
    user = _user(request, role)
    response = client_for(user).get(reverse("tips:detail", args=[d1_tip.pk]))
    if role in ALLOWED:
        assert response.status_code == 200
        assert "Stolen bikes" in response.content.decode()
        entry = _reads(d1_tip).get()
        assert entry.actor == user
    else:
        assert response.status_code in (302, 403, 404)
        assert "Stolen bikes" not in response.content.decode()
        assert _reads(d1_tip).count() == 0
        if role == "anon":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_inbox_access_by_role(client_for, request, d1_tip, role):
    response = client_for(_user(request, role)).get(reverse("tips:inbox"))
    if role in ALLOWED:
        assert response.status_code == 200
        assert f"Tip #{d1_tip.pk}" in response.content.decode()
    elif role == "other_district_officer":
        assert response.status_code == 200  # their own inbox, without this tip
        assert f"Tip #{d1_tip.pk}" not in response.content.decode()
    else:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_detail_access_by_role(client_for, request, d1_tip, role):
    user = _user(request, role)
    response = client_for(user).get(reverse("api-tip", args=[d1_tip.pk]))
    if role in ALLOWED:
        assert response.status_code == 200
        assert response.json()["body"] == "Stolen bikes in the garage on Oak"
        assert _reads(d1_tip).get().actor == user
    else:
        assert response.status_code in (401, 403, 404)
        assert "Stolen bikes" not in response.content.decode()
        assert _reads(d1_tip).count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_api_list_access_by_role(client_for, request, d1_tip, role):
    response = client_for(_user(request, role)).get(reverse("api-tips"))
    if role in ALLOWED:
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [d1_tip.pk]
        assert "body" not in response.json()["results"][0]
    elif role == "other_district_officer":
        assert response.status_code == 200 and response.json()["results"] == []
    else:
        assert response.status_code in (401, 403)


@pytest.mark.parametrize("role", ROLES)
def test_reply_and_status_refused_for_others(client_for, request, d1_tip, role):
    if role in ALLOWED:
        return
    c = client_for(_user(request, role))
    c.post(reverse("tips:reply", args=[d1_tip.pk]), {"body": "hello"})
    c.post(reverse("tips:status", args=[d1_tip.pk]), {"status": "closed"})
    c.post(
        reverse("api-tip-messages", args=[d1_tip.pk]),
        {"body": "hello"},
        content_type="application/json",
    )
    c.patch(
        reverse("api-tip", args=[d1_tip.pk]), {"status": "closed"}, content_type="application/json"
    )
    d1_tip.refresh_from_db()
    assert d1_tip.status == "new" and d1_tip.messages.count() == 0


def test_each_read_is_logged(client_for, officer, d1_tip):
    c = client_for(officer)
    c.get(reverse("tips:detail", args=[d1_tip.pk]))
    c.get(reverse("tips:detail", args=[d1_tip.pk]))
    c.get(reverse("api-tip", args=[d1_tip.pk]))
    assert _reads(d1_tip).filter(actor=officer).count() == 3


def test_other_district_officer_sees_their_own_district(
    client_for, other_district_officer, officer, city
):
    d2_tip = services.submit_tip(body="Graffiti crew", lon=IN_B211[0], lat=IN_B211[1]).tip
    assert d2_tip.district == city["d2"]
    assert (
        client_for(other_district_officer).get(reverse("tips:detail", args=[d2_tip.pk])).status_code
        == 200
    )
    assert client_for(officer).get(reverse("tips:detail", args=[d2_tip.pk])).status_code == 404


def test_unrouted_tip_only_for_supervisors_who_can_route_it(client_for, supervisor, officer, city):
    tip = services.submit_tip(body="Somewhere, something").tip
    assert tip.district is None
    assert client_for(officer).get(reverse("tips:detail", args=[tip.pk])).status_code == 404
    boss = client_for(supervisor)
    assert boss.get(reverse("tips:detail", args=[tip.pk])).status_code == 200
    boss.post(reverse("tips:route", args=[tip.pk]), {"district": city["d1"].pk})
    tip.refresh_from_db()
    assert tip.district == city["d1"]
    assert client_for(officer).get(reverse("tips:detail", args=[tip.pk])).status_code == 200


def test_officer_cannot_route(client_for, officer, d1_tip, city):
    client_for(officer).post(reverse("tips:route", args=[d1_tip.pk]), {"district": city["d2"].pk})
    d1_tip.refresh_from_db()
    assert d1_tip.district == city["d1"]


def test_ended_assignment_loses_access(client_for, officer, d1_tip):
    import datetime as dt

    officer.beat_assignments.update(ends_on=dt.date(2021, 1, 1))
    assert client_for(officer).get(reverse("tips:detail", args=[d1_tip.pk])).status_code == 403


def test_supervisors_see_who_read_a_tip(client_for, officer, supervisor, d1_tip):
    client_for(officer).get(reverse("tips:detail", args=[d1_tip.pk]))
    page = client_for(supervisor).get(reverse("tips:detail", args=[d1_tip.pk])).content.decode()
    assert "Who read or handled it" in page
    assert "Officer Olivia" in page and "read it" in page
    officer_page = client_for(officer).get(reverse("tips:detail", args=[d1_tip.pk]))
    assert "Who read or handled it" not in officer_page.content.decode()
