"""Referring a concern to a partner organization, and the organization's own verbs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import ActivityEntry, Membership
from beatbridge.concerns import services
from beatbridge.concerns.models import ConcernStatus

from ..factories import OrganizationFactory, UserFactory


@pytest.fixture
def org(partner):
    org = OrganizationFactory(name="Riverside Youth League")
    Membership.objects.create(organization=org, user=partner)
    return org


@pytest.fixture
def other_partner(db):
    other = OrganizationFactory(name="Hilltop Tenants")
    user = UserFactory(email="p2@example.org", role="partner", display_name="Pia Other")
    Membership.objects.create(organization=other, user=user)
    return user


@pytest.fixture
def referred(make_concern, officer, org):
    concern = make_concern()
    return services.refer_concern(concern, by=officer, organization=org)


def test_refer_links_the_organization_and_notifies_its_members(
    make_concern, officer, org, partner, django_capture_on_commit_callbacks
):
    from beatbridge.subscriptions.models import Delivery

    concern = make_concern()
    with django_capture_on_commit_callbacks(execute=True):
        services.refer_concern(concern, by=officer, organization=org, note="Over to you.")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.REFERRED
    assert concern.referred_organization == org and concern.referred_to == org.name
    assert Delivery.objects.filter(subscriber__user=partner).exists()
    assert ActivityEntry.objects.filter(verb="concern.referred", actor=officer).exists()


def test_typed_name_matches_an_organization(make_concern, officer, org):
    concern = make_concern()
    services.refer_concern(concern, by=officer, to="  riverside youth   LEAGUE ")
    concern.refresh_from_db()
    assert concern.referred_organization == org


def test_refer_needs_an_organization(make_concern, officer):
    with pytest.raises(ValidationError):
        services.refer_concern(make_concern(), by=officer)


def test_partner_accepts_updates_and_marks_done(client_for, referred, partner, org):
    c = client_for(partner)
    home = c.get("/accounts/partner/").content.decode()
    assert f"#{referred.pk}" in home and "waiting for you to accept" in home
    base = f"/concerns/{referred.pk}/referral/"
    r = c.post(base + "accept/", {"note": ""})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/partner/")
    referred.refresh_from_db()
    assert referred.referral_accepted_at is not None
    assert c.post(base + "accept/", {}).status_code == 302  # second accept: a message
    assert c.post(base + "update/", {"text": ""}).status_code == 302
    assert not referred.updates.filter(text="").exists()
    c.post(base + "update/", {"text": "We cleared the lot on Saturday."})
    update = referred.updates.get(text="We cleared the lot on Saturday.")
    assert update.is_public and update.public_author_name == org.name
    c.post(base + "done/", {"note": ""})
    referred.refresh_from_db()
    assert referred.status == ConcernStatus.RESOLVED
    public = client_for(None).get(f"/concerns/{referred.pk}/").content.decode()
    assert "We cleared the lot on Saturday." in public and org.name in public
    verbs = set(ActivityEntry.objects.filter(actor=partner).values_list("verb", flat=True))
    assert {
        "concern.referral_accepted",
        "concern.referral_update",
        "concern.referral_done",
    } <= verbs


def test_hand_back_needs_a_reason_and_returns_to_triage(client_for, referred, partner, officer):
    c = client_for(partner)
    base = f"/concerns/{referred.pk}/referral/"
    c.post(base + "hand_back/", {"reason": ""})
    referred.refresh_from_db()
    assert referred.status == ConcernStatus.REFERRED
    c.post(base + "hand_back/", {"reason": "Not on our blocks."})
    referred.refresh_from_db()
    assert referred.status == ConcernStatus.ACKNOWLEDGED
    assert referred.referred_organization is None
    note = referred.updates.get(is_public=False, text__contains="Not on our blocks.")
    assert note.author == partner
    assert ActivityEntry.objects.filter(verb="concern.referral_handed_back").exists()
    # No longer theirs: further actions are refused.
    assert c.post(base + "update/", {"text": "x"}).status_code == 403
    triage = client_for(officer).get(f"/concerns/{referred.pk}/manage/").content.decode()
    assert "Not on our blocks." in triage


@pytest.mark.parametrize(
    "role", ["resident", "officer", "other_district_officer", "supervisor", "analyst"]
)
def test_only_members_of_the_organization_work_a_referral(client_for, referred, personas, role):
    r = client_for(personas[role]).post(f"/concerns/{referred.pk}/referral/update/", {"text": "x"})
    assert r.status_code == 403
    assert not referred.updates.filter(text="x").exists()


def test_partner_of_another_organization_is_refused(client_for, referred, other_partner):
    c = client_for(other_partner)
    assert c.post(f"/concerns/{referred.pk}/referral/accept/", {}).status_code == 403
    assert f"#{referred.pk}" not in c.get("/accounts/partner/").content.decode()
    with pytest.raises(PermissionDenied):
        services.accept_referral(referred, by=other_partner)


def test_anonymous_is_sent_to_sign_in(client_for, referred):
    r = client_for(None).post(f"/concerns/{referred.pk}/referral/accept/", {})
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_unknown_action_is_404(client_for, referred, partner):
    assert client_for(partner).post(f"/concerns/{referred.pk}/referral/x/").status_code == 404


def test_officer_refer_form_lists_organizations(client_for, make_concern, officer, org):
    concern = make_concern()
    html = client_for(officer).get(f"/concerns/{concern.pk}/manage/").content.decode()
    assert 'name="organization"' in html and org.name in html


def test_public_note_label_promises_email_only_when_someone_gets_it(
    client_for, make_concern, officer
):
    anonymous = make_concern(anonymous=True)
    html = client_for(officer).get(f"/concerns/{anonymous.pk}/manage/").content.decode()
    assert "the reporter is emailed" not in html
    named = make_concern(contact_email="a@example.org", contact_name="Ana")
    html = client_for(officer).get(f"/concerns/{named.pk}/manage/").content.decode()
    assert "the reporter is emailed" in html
