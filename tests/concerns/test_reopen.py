"""Reopening: the submitter or a supporter, within the window, with a note."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beatbridge.concerns import services
from beatbridge.concerns.models import Concern, ConcernStatus, UpdateKind


@pytest.fixture
def resolved(make_concern, officer, resident):
    concern = make_concern(by=resident)
    services.resolve_concern(concern, by=officer)
    concern.refresh_from_db()
    return concern


def test_submitter_reopens_with_note(resolved, resident):
    services.reopen_concern(resolved, by=resident, note="Music is back every night.")
    assert resolved.status == ConcernStatus.SUBMITTED
    update = resolved.updates.get(kind=UpdateKind.REOPENED)
    assert update.is_public and update.text == "Music is back every night."


def test_tracking_link_holder_reopens(resolved, anon):
    services.reopen_concern(resolved, by=anon, note="Still happening", holds_tracking_link=True)
    assert resolved.status == ConcernStatus.SUBMITTED


def test_supporter_reopens(resolved, partner):
    from beatbridge.concerns.models import Support

    Support.objects.create(concern=resolved, user=partner)
    services.reopen_concern(resolved, by=partner, note="Still here")
    assert resolved.status == ConcernStatus.SUBMITTED


@pytest.mark.parametrize("role", ["partner", "officer", "other_district_officer", "analyst"])
def test_others_may_not_reopen(resolved, personas, role):
    with pytest.raises(PermissionDenied):
        services.reopen_concern(resolved, by=personas[role], note="x")


def test_note_is_required(resolved, resident):
    with pytest.raises(ValidationError):
        services.reopen_concern(resolved, by=resident, note=" ")


def test_window_is_enforced(resolved, resident, settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "REOPEN_WINDOW_DAYS": 30}
    Concern.objects.filter(pk=resolved.pk).update(
        resolved_at=timezone.now() - dt.timedelta(days=31)
    )
    resolved.refresh_from_db()
    with pytest.raises(ValidationError, match="has passed"):
        services.reopen_concern(resolved, by=resident, note="x")
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "REOPEN_WINDOW_DAYS": 60}
    services.reopen_concern(resolved, by=resident, note="x")


def test_open_concern_cannot_be_reopened(make_concern, resident):
    with pytest.raises(ValidationError):
        services.reopen_concern(make_concern(by=resident), by=resident, note="x")


def test_reopen_through_tracking_page(client, resolved):
    token = resolved.tracking_token
    page = client.post("/concerns/track/", {"token": token}).content.decode()
    assert "Reopen" in page and 'action="/concerns/track/reopen/"' in page
    assert client.post("/concerns/track/reopen/", {"token": token, "note": ""}).status_code == 400
    response = client.post("/concerns/track/reopen/", {"token": token, "note": "Back again"})
    assert response.status_code == 200 and "open again" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == ConcernStatus.SUBMITTED


def test_reopen_through_api_with_token(client, resolved):
    url = f"/api/v1/concerns/{resolved.pk}/reopen/"
    assert client.post(url, {"note": "x", "tracking_token": "wrong"}).status_code == 403
    assert client.post(url, {"note": "x", "tracking_token": "wröng ²"}).status_code == 403
    response = client.post(url, {"note": "Back", "tracking_token": resolved.tracking_token})
    assert response.status_code == 200 and response.json()["status"] == "submitted"


def test_supporter_without_account_reopens_from_public_page(client, resolved, officer):
    from beatbridge.concerns.models import Support

    services.start_work(resolved, by=officer)  # back open, so it can be supported
    assert client.post(f"/concerns/{resolved.pk}/support/").status_code == 302
    services.resolve_concern(resolved, by=officer)
    assert Support.objects.filter(concern=resolved, user=None).exists()
    page = client.get(f"/concerns/{resolved.pk}/").content.decode()
    assert "Still a problem? Reopen it" in page
    response = client.post(f"/concerns/{resolved.pk}/reopen/", {"note": "Back again"})
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == ConcernStatus.SUBMITTED
    stranger = client.__class__()
    assert "Reopen it" not in stranger.get(f"/concerns/{resolved.pk}/").content.decode()


def test_stranger_cannot_reopen_from_public_page(client_for, resolved, partner):
    response = client_for(partner).post(f"/concerns/{resolved.pk}/reopen/", {"note": "x"})
    assert response.status_code == 403
    resolved.refresh_from_db()
    assert resolved.status == ConcernStatus.RESOLVED
