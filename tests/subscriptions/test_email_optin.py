"""Email-only subscribers: double opt-in without an account, one answer for every address,
and the one-click unsubscribe (RFC 8058) in every message."""

import re

import pytest
from django.core import mail
from django.test import Client

from beatbridge.subscriptions.models import Delivery, Subscriber, Subscription
from beatbridge.subscriptions.services import publish
from beatbridge.web.logmask import mask


def _subscribe(client, city, email="neighbor@example.org", **extra):
    data = {"email": email, "area": city["riverside"].pk, "topics": ["urgent_alerts"], **extra}
    return client.post("/subscriptions/email/", data)


def _confirm_link(message):
    return re.search(r"http://[^\s]+/subscriptions/confirm/([^/\s]+)/", message.body)


def _alert(city, key):
    return publish(
        topic="urgent_alerts",
        areas=[city["riverside"]],
        subject="Flood warning",
        text="Move cars off River Rd.",
        url="/",
        urgent=True,
        source_key=key,
    )


def test_double_opt_in_then_alert_then_one_click_unsubscribe(client, city, run_on_commit):
    with run_on_commit():
        response = _subscribe(client, city)
    assert response.status_code == 302
    assert response["Location"] == "/subscriptions/email/sent/"
    assert "confirmation link" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["neighbor@example.org"]
    assert message.alternatives[0][1] == "text/html"
    token = _confirm_link(message).group(1)
    # Not confirmed yet: nothing is sent.
    assert _alert(city, "a1") == 0
    assert Subscription.objects.count() == 0
    # GET only shows a button (link scanners do not confirm).
    page = client.get(f"/subscriptions/confirm/{token}/")
    assert page.status_code == 200 and "Yes, send me news" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    done = client.post(f"/subscriptions/confirm/{token}/")
    assert done.status_code == 302 and done["Location"] == "/subscriptions/confirmed/"
    sub = Subscriber.objects.get()
    assert sub.confirmed_at is not None and sub.confirm_digest == ""
    assert Subscription.objects.get().topics == ["urgent_alerts"]
    # The token works once.
    again = client.post(f"/subscriptions/confirm/{token}/")
    assert again.status_code == 400 and "not valid" in again.content.decode()

    mail.outbox.clear()
    with run_on_commit():
        assert _alert(city, "a2") == 1
    (alert,) = mail.outbox
    assert alert.subject == "Flood warning"
    unsubscribe = alert.extra_headers["List-Unsubscribe"].strip("<>")
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")
    # The mail client's one-click POST: no session, no CSRF token.
    bot = Client(enforce_csrf_checks=True)
    first = bot.post(path, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == 200
    second = bot.post(path, {"List-Unsubscribe": "One-Click"})  # idempotent
    assert second.status_code == 200
    assert not Subscriber.objects.get().is_active
    mail.outbox.clear()
    with run_on_commit():
        assert _alert(city, "a3") == 0
    assert mail.outbox == []


def test_same_answer_for_known_and_unknown_addresses(client, city, run_on_commit):
    with run_on_commit():
        first = _subscribe(client, city)
    token = _confirm_link(mail.outbox[0]).group(1)
    client.post(f"/subscriptions/confirm/{token}/")
    with run_on_commit():
        known = _subscribe(client, city)
        unknown = _subscribe(client, city, email="new@example.org")
    assert first.status_code == known.status_code == unknown.status_code == 302
    assert first["Location"] == known["Location"] == unknown["Location"]
    assert Subscriber.objects.filter(email="neighbor@example.org").count() == 1
    # A repeated request stays confirmed (no way to unconfirm someone else).
    assert Subscriber.objects.get(email="neighbor@example.org").confirmed_at is not None


def test_bad_input_shows_errors(client, city):
    response = client.post("/subscriptions/email/", {"email": "not-an-address", "topics": []})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "Choose at least one topic." in body
    assert Subscriber.objects.count() == 0
    bad_topic = client.post(
        "/subscriptions/email/", {"email": "a@example.org", "topics": ["gossip"]}
    )
    assert bad_topic.status_code == 400


def test_rate_limited_requests_answer_the_same(client, city, run_on_commit):
    with run_on_commit():
        answers = {_subscribe(client, city)["Location"] for _ in range(5)}
    assert answers == {"/subscriptions/email/sent/"}
    assert len(mail.outbox) == 3  # per-address limit: 3 an hour


def test_unknown_confirm_token_and_unsubscribe_key(client, city):
    assert client.post("/subscriptions/confirm/nope/").status_code == 400
    page = client.get("/subscriptions/unsubscribe/nope/")
    assert page.status_code == 200
    assert (
        client.post("/subscriptions/unsubscribe/nope/")["Location"]
        == "/subscriptions/unsubscribed/"
    )


def test_unsubscribe_page_get_changes_nothing_and_button_unsubscribes(beat_subscriber, client):
    path = f"/subscriptions/unsubscribe/{beat_subscriber.unsubscribe_key}/"
    page = client.get(path)
    assert page.status_code == 200
    assert "<form" in page.content.decode()
    beat_subscriber.refresh_from_db()
    assert beat_subscriber.email_enabled
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 302
    beat_subscriber.refresh_from_db()
    assert not beat_subscriber.email_enabled and not beat_subscriber.sms_enabled
    assert beat_subscriber.inapp_enabled  # an account keeps its in-app list


def test_unsubscribe_skips_queued_messages(beat_subscriber, city):
    beat_subscriber.frequency = "weekly"
    beat_subscriber.save()
    publish(topic="announcements", areas=[city["b111"]], subject="s", text="t", url="/")
    Client().post(f"/subscriptions/unsubscribe/{beat_subscriber.unsubscribe_key}/")
    assert Delivery.objects.get(channel="email").status == "skipped"


@pytest.mark.parametrize(
    "path",
    ["/subscriptions/confirm/SeCrEt123/", "/subscriptions/unsubscribe/SeCrEt123/"],
)
def test_secret_paths_are_masked_in_logs(path):
    line = f'"GET {path} HTTP/1.1" 200'
    assert "SeCrEt123" not in mask(line)
    assert "/subscriptions/" in mask(line)
