"""The audit-log viewer (admins only), own-data export and account deletion (every role),
and data retention (command and service)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry, User
from beatbridge.concerns.models import Concern, Tip, TipMessage

ROLES = ["resident", "partner", "officer", "other_district_officer", "supervisor", "analyst"]


@pytest.mark.parametrize("path", ["/privacy/audit/", "/privacy/audit.csv"])
def test_audit_viewer_is_for_admins_only(path, personas, client_for):
    assert client_for(None).get(path).status_code in (302, 403)
    for role in ROLES:
        assert client_for(personas[role]).get(path).status_code == 403, role
    response = client_for(personas["admin"]).get(path)
    assert response.status_code == 200


def test_audit_viewer_filters_and_exports(personas, client_for):
    officer = personas["officer"]
    client_for(officer).get("/tips/inbox/")  # a list read the middleware records
    admin = client_for(personas["admin"])
    page = admin.get("/privacy/audit/", {"who": "officer@", "kind": "read"})
    assert b"tip inbox" in page.content and b"officer@example.org" in page.content
    assert (
        admin.get("/privacy/audit/", {"since": "2030-01-02", "until": "2030-01-01"}).status_code
        == 400
    )
    csv = admin.get("/privacy/audit.csv", {"who": "officer@"}).content.decode()
    assert csv.splitlines()[0].startswith("time,who,verb")
    assert "officer@example.org" in csv and "tip inbox" in csv
    # the admin's own reads of the log are logged too
    assert ActivityEntry.objects.filter(actor=personas["admin"], data__what="audit log").exists()


def test_resident_exports_own_data(personas, client_for, city):
    resident = personas["resident"]
    Concern.objects.create(
        category=_category(), description="Broken light", lon=city["riverside"].centroid_lon
        if hasattr(city["riverside"], "centroid_lon") else -87.6, lat=41.8,
        submitted_by=resident, contact_email="rosa@example.org",
    )  # fmt: skip
    response = client_for(resident).get("/privacy/my-data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "resident@example.org"
    assert data["concerns"]["raised"][0]["description"] == "Broken light"
    assert "waves_answered" in data["surveys"]
    assert client_for(None).get("/privacy/my-data.json").status_code == 302


def _category():
    from beatbridge.concerns.models import Category

    return Category.objects.first()


def test_every_role_sees_my_data_page(personas, client_for):
    for role, user in personas.items():
        assert client_for(user).get("/privacy/my-data/").status_code == 200, role
    assert client_for(None).get("/privacy/my-data/").status_code == 302


def test_resident_deletes_account_with_password(personas, client_for):
    resident = personas["resident"]
    concern = Concern.objects.create(
        category=_category(), description="Dumping", lon=-87.6, lat=41.8,
        submitted_by=resident, contact_name="Rosa", contact_email="rosa@example.org",
    )  # fmt: skip
    c = client_for(resident)
    wrong = c.post("/privacy/delete-account/", {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    ok = c.post("/privacy/delete-account/", {"password": "correct-horse-battery", "confirm": "on"})
    assert ok.status_code == 302
    user = User.objects.get(pk=resident.pk)
    assert not user.is_active and user.email.endswith("@deleted.invalid") and not user.display_name
    concern.refresh_from_db()
    assert concern.submitted_by is None and concern.contact_email == "" and concern.description
    assert c.get("/privacy/my-data/").status_code == 302  # signed out


@pytest.mark.parametrize("role", ["officer", "supervisor", "analyst", "admin"])
def test_staff_cannot_self_delete(role, personas, client_for):
    assert client_for(personas[role]).get("/privacy/delete-account/").status_code == 403


def test_partner_may_delete_and_anonymous_is_sent_to_sign_in(personas, client_for):
    assert client_for(personas["partner"]).get("/privacy/delete-account/").status_code == 200
    assert client_for(None).get("/privacy/delete-account/").status_code == 302


def test_retention_deletes_old_closed_tips_and_scrubs_contacts(city, settings):
    settings.RETENTION_TIP_MONTHS = 12
    settings.RETENTION_CONTACT_MONTHS = 6
    old = timezone.now() - dt.timedelta(days=800)
    tip = Tip.objects.create(body="old", code_hash="a" * 64, status="closed", received_hour=old)
    TipMessage.objects.create(tip=tip, body="hi", sent_hour=old)
    fresh = Tip.objects.create(body="new", code_hash="b" * 64, status="closed",
                               received_hour=timezone.now())  # fmt: skip
    open_old = Tip.objects.create(body="open", code_hash="c" * 64, received_hour=old)
    concern = Concern.objects.create(
        category=_category(), description="x", lon=-87.6, lat=41.8, status="closed",
        closed_at=old, contact_phone="555-0100",
    )  # fmt: skip
    recent = Concern.objects.create(
        category=_category(), description="y", lon=-87.6, lat=41.8, status="closed",
        closed_at=timezone.now(), contact_phone="555-0101",
    )  # fmt: skip
    from io import StringIO

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 would be deleted with 1 messages" in out.getvalue()
    assert Tip.objects.filter(pk=tip.pk).exists()
    with pytest.raises(Exception, match="--yes"):
        call_command("apply_retention")
    out = StringIO()
    call_command("apply_retention", "--yes", stdout=out)
    assert "1 were deleted" in out.getvalue() and "of 1 were scrubbed" in out.getvalue()
    assert not Tip.objects.filter(pk=tip.pk).exists()
    assert Tip.objects.filter(pk__in=[fresh.pk, open_old.pk]).count() == 2
    concern.refresh_from_db()
    recent.refresh_from_db()
    assert concern.contact_phone == "" and recent.contact_phone == "555-0101"
