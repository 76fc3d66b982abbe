"""The partner home and where each role lands after signing in."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry, Membership
from beatbridge.meetings.models import ActionItem, ActionItemStatus, Meeting, Minutes

from ..factories import OrganizationFactory, UserFactory


@pytest.fixture
def org(partner):
    org = OrganizationFactory(name="Riverside Youth League")
    Membership.objects.create(organization=org, user=partner)
    return org


@pytest.fixture
def meeting(city, officer, org):
    start = timezone.now() - dt.timedelta(days=2)
    m = Meeting.objects.create(
        kind="beat_meeting",
        title="Beat 0111 meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        host_officer=officer,
        host_organization=org,
    )
    m.areas.add(city["b111"])
    return m


@pytest.fixture
def item(meeting, org, officer):
    minutes = Minutes.objects.create(meeting=meeting)
    return ActionItem.objects.create(
        minutes=minutes, description="Fix the park lights", owner_organization=org
    )


def test_partner_home_lists_items_and_cohosted_meetings(client_for, partner, item, meeting):
    html = client_for(partner).get("/accounts/partner/").content.decode()
    assert "Fix the park lights" in html and "Beat 0111 meeting" in html
    assert "Riverside Youth League" in html


def test_partner_marks_an_action_item_done(client_for, partner, item):
    c = client_for(partner)
    r = c.post(f"/meetings/action-items/{item.pk}/status/", {"done": "1"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert ActivityEntry.objects.filter(verb="meetings.action_item_status", actor=partner).exists()


@pytest.mark.parametrize("role", ["resident", "other_district_officer", "analyst"])
def test_others_cannot_mark_the_item(client_for, personas, item, role):
    r = client_for(personas[role]).post(f"/meetings/action-items/{item.pk}/status/", {})
    assert r.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN


def test_partner_of_another_organization_sees_and_changes_nothing(client_for, item, db):
    other = OrganizationFactory(name="Hilltop Tenants")
    user = UserFactory(email="p2@example.org", role="partner")
    Membership.objects.create(organization=other, user=user)
    c = client_for(user)
    assert "Fix the park lights" not in c.get("/accounts/partner/").content.decode()
    assert c.post(f"/meetings/action-items/{item.pk}/status/", {}).status_code == 403


@pytest.mark.parametrize("role", ["resident", "officer", "supervisor", "analyst", "admin"])
def test_partner_home_is_for_partners(client_for, personas, role):
    r = client_for(personas[role]).get("/accounts/partner/")
    assert r.status_code == 403
    assert "<html" in r.content.decode().lower()  # the site's styled page


def test_anonymous_goes_to_sign_in(client_for):
    r = client_for(None).get("/accounts/partner/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("partner", "/accounts/partner/"),
        ("officer", "/concerns/triage/"),
        ("supervisor", "/priorities/dashboard/"),
        ("resident", "/accounts/profile/"),
    ],
)
def test_each_role_lands_on_its_work(client, personas, role, target, settings):
    settings.BEATBRIDGE_REQUIRE_STAFF_2FA = False
    user = personas[role]
    user.set_password("a long enough password 1")
    user.save()
    r = client.post(
        "/accounts/login/", {"username": user.email, "password": "a long enough password 1"}
    )
    assert r.status_code == 302 and r["Location"] == target


def test_verified_resident_is_not_offered_to_verify(client_for, resident):
    c = client_for(resident)
    assert "Ask to verify my neighborhood" in c.get("/accounts/profile/").content.decode()
    resident.home_verified = True
    resident.save()
    html = c.get("/accounts/profile/").content.decode()
    assert "Ask to verify my neighborhood" not in html and "verified" in html


def test_partners_find_their_home_in_the_menu(client_for, partner, resident):
    assert 'href="/accounts/partner/"' in client_for(partner).get("/").content.decode()
    assert 'href="/accounts/partner/"' not in client_for(resident).get("/").content.decode()
