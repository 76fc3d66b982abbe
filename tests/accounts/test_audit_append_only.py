"""The audit log is append-only, admin pages of personal data are audit-logged reads, and the
admin never displays a secret (the probe deleted a staff read of a tip from the admin, and
read a concern's contact data and tracking token there with nothing logged)."""

import pytest
from django.db.models import ProtectedError

from beatbridge.accounts.activity import AppendOnlyError, record_activity, record_read
from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns import services as concern_services
from beatbridge.concerns.models import ApiClient, IdempotencyRecord, Support
from beatbridge.concerns.seed import seed_categories
from beatbridge.concerns.tips import services as tip_services

IN_B111 = (-87.695, 41.805)


@pytest.fixture
def entry(officer, resident):
    return record_read(officer, resident, "profile") or ActivityEntry.objects.get()


@pytest.fixture
def concern(city):
    seed_categories()
    from beatbridge.concerns.models import Category

    return concern_services.submit_concern(
        category=Category.objects.get(code="noise"),
        description="Loud music every night.",
        lon=IN_B111[0],
        lat=IN_B111[1],
        contact_name="Nadia Neighbor",
        contact_email="nadia@example.org",
        contact_phone="555-0199",
    )


def _stored(pk):
    return ActivityEntry.objects.filter(pk=pk).values("verb", "actor_id", "data").first()


def test_a_stored_entry_cannot_be_changed_or_deleted(officer, resident):
    entry = record_activity(officer, "tip.status_changed", resident, {"to": "closed"})
    before = _stored(entry.pk)
    entry.verb = "nothing happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert _stored(entry.pk) == before


def test_querysets_cannot_update_or_delete_entries(officer, resident):
    entry = record_activity(officer, "read", resident)
    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.all().update(verb="x")
    entry.verb = "x"
    with pytest.raises(AppendOnlyError):
        ActivityEntry.objects.bulk_update([entry], ["verb"])
    assert _stored(entry.pk)["verb"] == "read"
    # Adding stays possible, one by one or in bulk.
    record_activity(officer, "read", resident)
    ActivityEntry.objects.bulk_create([ActivityEntry(actor=officer, verb="read")])
    assert ActivityEntry.objects.count() == 3


def test_the_admin_offers_no_add_change_or_delete(client_for, admin_user, entry):
    admin = client_for(admin_user)
    base = "/admin/accounts/activityentry/"
    listing = admin.get(base)
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    response = admin.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert response.status_code in (200, 302)
    assert admin.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert admin.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get(f"{base}add/").status_code == 403
    page = admin.get(f"{base}{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin.post(f"{base}{entry.pk}/change/", {"verb": "x"}).status_code == 403
    assert _stored(entry.pk)["verb"] == "read"


def test_an_account_that_is_in_the_log_cannot_be_deleted(client_for, admin_user, officer, entry):
    with pytest.raises(ProtectedError):
        officer.delete()
    page = client_for(admin_user).post(
        f"/admin/accounts/user/{officer.pk}/delete/", {"post": "yes"}
    )
    assert page.status_code == 200  # Django's "protected objects" page, not a 500
    assert type(officer).objects.filter(pk=officer.pk).exists()
    assert _stored(entry.pk)["actor_id"] == officer.pk


def _admin_reads(target):
    return list(
        ActivityEntry.objects.filter(verb="read", is_read=True, target_id=str(target.pk))
        .filter(target_type__model=target._meta.model_name)
        .values_list("actor_id", "data")
    )


def test_admin_pages_of_personal_data_record_a_read(client_for, admin_user, concern, resident):
    admin = client_for(admin_user)
    page = admin.get(f"/admin/concerns/concern/{concern.pk}/change/")
    assert page.status_code == 200 and "nadia@example.org" in page.content.decode()
    assert _admin_reads(concern) == [(admin_user.pk, {"what": "admin"})]

    tip = tip_services.submit_tip(body="Seen at the corner.", lon=IN_B111[0], lat=IN_B111[1]).tip
    assert admin.get(f"/admin/concerns/tip/{tip.pk}/change/").status_code == 200
    assert _admin_reads(tip) == [(admin_user.pk, {"what": "admin"})]

    assert admin.get(f"/admin/accounts/user/{resident.pk}/change/").status_code == 200
    assert _admin_reads(resident) == [(admin_user.pk, {"what": "admin"})]
    # Opening the list is one read of the list (privacy's audit middleware), not a read of
    # each concern on it; a missing object is no read at all.
    admin.get("/admin/concerns/concern/")
    admin.get("/admin/concerns/concern/999999/change/")
    assert ActivityEntry.objects.filter(verb="read").count() == 4
    assert not ActivityEntry.objects.filter(verb="read", target_id="999999").exists()
    assert _admin_reads(concern) == [(admin_user.pk, {"what": "admin"})]


def test_the_admin_never_displays_a_secret(client_for, admin_user, concern, resident):
    admin = client_for(admin_user)
    token = concern.tracking_token
    support = Support.objects.create(concern=concern, anonymous_key="anon-session-secret-123")
    record = IdempotencyRecord.objects.create(
        scope="api:concern:anon",
        key="client-idempotency-key-4f1d9a",
        response_body={"id": concern.pk, "tracking_token": token},
        object_id=str(concern.pk),
    )
    submitted = tip_services.submit_tip(body="Seen.", lon=IN_B111[0], lat=IN_B111[1])
    client, raw_key = ApiClient.issue("City 311 app")
    pages = {
        "/admin/concerns/concern/": [token],
        f"/admin/concerns/concern/{concern.pk}/change/": [token],
        f"/admin/concerns/support/{support.pk}/change/": ["anon-session-secret-123"],
        "/admin/concerns/idempotencyrecord/": ["client-idempotency-key-4f1d9a", token],
        f"/admin/concerns/idempotencyrecord/{record.pk}/change/": [
            "client-idempotency-key-4f1d9a",
            token,
        ],
        f"/admin/concerns/tip/{submitted.tip.pk}/change/": [
            submitted.tip.code_hash,
            submitted.code,
            "Seen.",
        ],
        f"/admin/concerns/apiclient/{client.pk}/change/": [client.key_hash, raw_key],
    }
    for url, secrets in pages.items():
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)
