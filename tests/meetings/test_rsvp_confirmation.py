"""Anonymous RSVPs (issue 16, item 9): an RSVP by email holds no place until the emailed
link is followed, the answer never tells anything about an address's RSVP, and anonymous
RSVPs are rate-limited per client."""

import datetime as dt
import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError

from beatbridge.meetings import services
from beatbridge.meetings.models import RSVP, RSVPStatus
from beatbridge.meetings.services.rsvp import confirm_max_age

from .conftest import confirmed_rsvp

LINK = re.compile(r"https?://[^/\s]+(/meetings/rsvp/confirm/([^/\s]+)/)")


def post_rsvp(client, meeting, name, email, **headers):
    return client.post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": name, "email": email},
        content_type="application/json",
        **headers,
    )


def confirm_link(message):
    return LINK.search(message.body)


def test_someone_elses_email_returns_nothing_about_them(meeting, client):
    """Probe: POST .../rsvps/ with someone else's email returned their name and status."""
    confirmed_rsvp(meeting, name="Vera Victim", email="vera@example.org")
    mail.outbox.clear()
    theirs = post_rsvp(client, meeting, "Mallory", "vera@example.org")
    fresh = post_rsvp(client, meeting, "Mallory", "nobody-yet@example.org")
    assert theirs.status_code == fresh.status_code == 202
    assert (
        theirs.json() == fresh.json() == {"meeting": meeting.pk, "detail": theirs.json()["detail"]}
    )
    assert b"Vera" not in theirs.content and b"confirmed" not in theirs.content
    vera = RSVP.objects.get(email="vera@example.org")
    assert vera.name == "Vera Victim" and vera.status == RSVPStatus.CONFIRMED
    # Vera, not Mallory, hears about it; Mallory's name is not in her email.
    to_vera = [m for m in mail.outbox if m.to == ["vera@example.org"]]
    assert [m.subject.split(":")[0] for m in to_vera] == ["You already have an RSVP"]
    assert "Mallory" not in to_vera[0].body and vera.cancel_token in to_vera[0].body


def test_web_form_answers_the_same_for_a_known_email(meeting, client):
    confirmed_rsvp(meeting, name="Vera Victim", email="vera@example.org")
    pages = []
    for email in ("vera@example.org", "new@example.org"):
        response = client.post(
            f"/meetings/{meeting.pk}/rsvp/", {"name": "Mallory", "email": email}, follow=True
        )
        pages.append(response.content.decode())
        message = re.search(r'<p class="message success">(.*?)</p>', pages[-1])[1]
        assert "we sent a link" in message
    assert all("Vera" not in page for page in pages)
    first, second = (re.search(r'class="message success">(.*?)<', p)[1] for p in pages)
    assert first == second


def test_made_up_emails_fill_no_places(make_meeting, client, settings):
    """Probe: 65 anonymous RSVPs with made-up emails filled all 60 places."""
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RSVP_RATE_LIMIT": "1000/hour"}
    meeting = make_meeting(capacity=60)
    for i in range(65):
        assert post_rsvp(client, meeting, f"Bot {i}", f"bot{i}@made-up.example").status_code == 202
    meeting.refresh_from_db()
    assert meeting.spots_left() == 60 and meeting.confirmed_count() == 0
    assert not meeting.rsvps.filter(status=RSVPStatus.WAITLISTED).exists()
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "60 of 60 left" in page
    # Unconfirmed requests are forgotten once their link expires.
    expired = RSVP.objects.order_by("-created_at").first().created_at + confirm_max_age()
    assert services.purge_unconfirmed_rsvps(expired + dt.timedelta(minutes=1)) == 65
    assert not RSVP.objects.exists()


def test_confirmed_rsvp_takes_a_place(meeting, client):
    response = client.post(
        f"/meetings/{meeting.pk}/rsvp/", {"name": "Ana", "email": "ana@example.org"}
    )
    assert response.status_code == 302
    assert meeting.spots_left() == 2
    path, token = confirm_link(mail.outbox[-1]).groups()
    assert mail.outbox[-1].subject.startswith("Confirm your RSVP")
    assert mail.outbox[-1].body.startswith("Hello,")  # the typed name is not echoed
    assert client.post(path).status_code == 302
    ana = RSVP.objects.get()
    assert ana.status == RSVPStatus.CONFIRMED and meeting.spots_left() == 1
    assert mail.outbox[-1].subject.startswith("You're coming")
    assert f"/meetings/rsvp/{ana.cancel_token}/" in mail.outbox[-1].body
    # The link works once.
    used = client.post(path)
    assert used.status_code == 404 and b"already used" in used.content
    assert meeting.spots_left() == 1


def test_confirmation_joins_the_wait_list_when_full(meeting):
    confirmed_rsvp(meeting, name="A", email="a@example.org")
    pending = services.rsvp(meeting, name="B", email="b@example.org")
    late = services.rsvp(meeting, name="C", email="c@example.org")
    confirmed_rsvp(meeting, name="D", email="d@example.org")  # confirms first, takes the place
    assert services.confirm_rsvp(services.confirmation_token(pending)).status == "waitlisted"
    assert services.confirm_rsvp(services.confirmation_token(late)).status == "waitlisted"


def test_asking_again_replaces_the_link(meeting):
    first = services.rsvp(meeting, name="Ana", email="ana@example.org")
    old_token = services.confirmation_token(first)
    again = services.rsvp(meeting, name="Ana Flores", email="ana@example.org")
    assert again.pk == first.pk and RSVP.objects.count() == 1
    with pytest.raises(ValidationError):
        services.confirm_rsvp(old_token)
    ana = services.confirm_rsvp(services.confirmation_token(again))
    assert ana.name == "Ana Flores" and ana.status == RSVPStatus.CONFIRMED


def test_expired_or_forged_link_is_refused(meeting, client, monkeypatch):
    pending = services.rsvp(meeting, name="Ana", email="ana@example.org")
    token = services.confirmation_token(pending)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 49 * 3600)
    response = client.post(
        "/api/v1/rsvps/confirm/", {"token": token}, content_type="application/json"
    )
    assert response.status_code == 400
    monkeypatch.undo()
    forged = signing.TimestampSigner(salt="wrong").sign_object([pending.pk, "x"])
    for bad in (forged, "nonsense", token[:-2] + "xx"):
        response = client.post(
            "/api/v1/rsvps/confirm/", {"token": bad}, content_type="application/json"
        )
        assert response.status_code == 400, bad
        assert client.get(f"/meetings/rsvp/confirm/{bad}/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == RSVPStatus.PENDING


def test_signed_in_with_own_email_takes_a_place_at_once(meeting, resident, client_for):
    response = client_for(resident).post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/", {}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    # Signed in but with someone else's email: the same as anyone.
    other = client_for(resident).post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": "Rosa", "email": "someone-else@example.org"},
        content_type="application/json",
    )
    assert other.status_code == 202 and meeting.spots_left() == 1


def test_anonymous_rsvps_are_rate_limited(make_meeting, client, settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RSVP_RATE_LIMIT": "3/hour"}
    meeting = make_meeting(capacity=None)
    codes = [post_rsvp(client, meeting, "Bot", f"b{i}@example.org").status_code for i in range(5)]
    assert codes == [202, 202, 202, 429, 429]
    assert RSVP.objects.count() == 3
    page = client.post(f"/meetings/{meeting.pk}/rsvp/", {"name": "Bot", "email": "w@example.org"})
    assert page.status_code == 429 and b"Too many RSVPs" in page.content
    assert int(page["Retry-After"]) > 0
    # Another client is not affected.
    other = post_rsvp(client, meeting, "Ana", "ana@example.org", REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 202
