"""RSVP with or without an account, capacity, wait list, promotion, cancel link.

Email confirmation itself (nothing held before the link, generic answers, rate limit) is in
test_rsvp_confirmation.py."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from beatbridge.meetings import services
from beatbridge.meetings.models import RSVP, RSVPStatus

from .conftest import confirmed_rsvp


def test_rsvp_without_account_then_full_then_waitlist(meeting):
    a = confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    b = confirmed_rsvp(meeting, name="Ben", email="BEN@example.org")
    c = confirmed_rsvp(meeting, name="Cy", email="cy@example.org")
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waitlisted"]
    assert b.email == "ben@example.org"
    subjects = [m.subject for m in mail.outbox if not m.subject.startswith("Confirm your")]
    assert subjects[0].startswith("You're coming") and subjects[2].startswith("You're on the wait")
    assert f"/meetings/rsvp/{a.cancel_token}/" in mail.outbox[1].body


def test_same_email_twice_is_one_rsvp(meeting):
    first = services.rsvp(meeting, name="Ana", email="ana@example.org")
    again = services.rsvp(meeting, name="Ana B", email="Ana@Example.org")
    assert first.pk == again.pk and RSVP.objects.count() == 1


def test_signed_in_resident_rsvps_with_account(meeting, resident):
    r = services.rsvp(meeting, user=resident)
    assert r.user == resident and r.email == resident.email and r.name == "Rosa Resident"


def test_cancel_promotes_first_on_wait_list(meeting):
    a = confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    confirmed_rsvp(meeting, name="Ben", email="ben@example.org")
    c = confirmed_rsvp(meeting, name="Cy", email="cy@example.org")
    d = confirmed_rsvp(meeting, name="Di", email="di@example.org")
    mail.outbox.clear()
    services.cancel_rsvp(a)
    c.refresh_from_db(), d.refresh_from_db()
    assert c.status == RSVPStatus.CONFIRMED and c.promoted_at is not None
    assert d.status == RSVPStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]
    assert "place opened up" in mail.outbox[0].subject
    # Cancelling a wait-listed RSVP promotes nobody.
    services.cancel_rsvp(d)
    assert meeting.rsvps.filter(status="confirmed").count() == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "", "email": "a@example.org"}, "name"),
        ({"name": "Ana", "email": "not-an-email"}, "email"),
        ({"name": "Ana", "email": "a@example.org", "demographics": {"tenure": "castle"}}, "tenure"),
    ],
)
def test_bad_rsvp_input(meeting, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        services.rsvp(meeting, **kwargs)
    assert field in exc.value.message_dict


def test_no_rsvp_for_cancelled_meeting(meeting, officer):
    services.cancel_meeting(meeting, by=officer)
    with pytest.raises(ValidationError):
        services.rsvp(meeting, name="Ana", email="ana@example.org")


def test_rsvp_page_without_account(meeting, client):
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200 and b"I'm coming" in page.content
    response = client.post(
        f"/meetings/{meeting.pk}/rsvp/",
        {"name": "Ana", "email": "ana@example.org", "tenure": "renter"},
    )
    assert response.status_code == 302
    r = RSVP.objects.get()
    assert r.tenure == "renter" and r.user is None and r.status == RSVPStatus.PENDING
    assert "we sent a link" in client.get(response.url).content.decode()
    link = re.search(r"https?://[^/\s]+(/meetings/rsvp/confirm/[^\s]+/)", mail.outbox[-1].body)[1]
    page = client.get(link)  # opening the link (or a mail scanner doing it) changes nothing
    assert page.status_code == 200 and b"Confirm my RSVP" in page.content
    r.refresh_from_db()
    assert r.status == RSVPStatus.PENDING
    assert page["Cache-Control"].startswith("max-age=0") and page["Referrer-Policy"]
    confirmed = client.post(link, follow=True)
    assert "Confirmed" in confirmed.content.decode()
    r.refresh_from_db()
    assert r.status == RSVPStatus.CONFIRMED and r.confirmed_at is not None


def test_rsvp_page_bad_input_shows_form_errors(meeting, client):
    response = client.post(f"/meetings/{meeting.pk}/rsvp/", {"name": "", "email": "x"})
    assert response.status_code == 400
    assert b"errorlist" in response.content and RSVP.objects.count() == 0


def test_cancel_link(meeting, client):
    r = confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    page = client.get(f"/meetings/rsvp/{r.cancel_token}/")
    assert page.status_code == 200 and b"Cancel my RSVP" in page.content
    assert client.post(f"/meetings/rsvp/{r.cancel_token}/").status_code == 302
    r.refresh_from_db()
    assert r.status == "cancelled"
    assert client.get("/meetings/rsvp/wrong-token/").status_code == 404
