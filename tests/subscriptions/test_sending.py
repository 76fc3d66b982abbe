"""Sending: retries with backoff after a failing channel, no double sends, SMS backends,
RFC 8058 headers and the multipart email."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone

from beatbridge.subscriptions import sms, tasks
from beatbridge.subscriptions.delivery import send_due
from beatbridge.subscriptions.models import Delivery, DeliveryStatus
from beatbridge.subscriptions.services import publish


class FailingSms:
    calls = 0

    def send(self, to, text):
        FailingSms.calls += 1
        raise sms.SmsError("gateway answered 503")


@pytest.fixture
def sms_subscriber(beat_subscriber):
    beat_subscriber.sms_enabled = True
    beat_subscriber.email_enabled = False
    beat_subscriber.phone = "+13125550100"
    beat_subscriber.save()
    return beat_subscriber


def _alert(city, key="alert:1"):
    return publish(
        topic="urgent_alerts",
        areas=[city["b111"]],
        subject="Water main break on Main St",
        text="Avoid Main St between 1st and 3rd.",
        url="/areas/beat/0111/",
        urgent=True,
        source_key=key,
    )


def test_sms_file_backend_writes_the_message(
    sms_subscriber, city, settings, tmp_path, run_on_commit
):
    settings.SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    with run_on_commit():
        assert _alert(city) == 2  # sms + in-app
    lines = (tmp_path / "sms" / "outbox.jsonl").read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["to"] == "+13125550100"
    assert record["text"].startswith("Water main break on Main St http")
    assert len(record["text"]) <= sms.SMS_MAX
    assert Delivery.objects.get(channel="sms").status == DeliveryStatus.SENT


def test_failing_sms_is_logged_retried_and_the_action_stands(
    sms_subscriber, city, settings, run_on_commit
):
    settings.SMS_BACKEND = "tests.subscriptions.test_sending.FailingSms"
    FailingSms.calls = 0
    with run_on_commit():
        assert _alert(city) == 2  # publish itself did not fail
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert delivery.last_error == "SmsError: gateway answered 503"
    assert "+1312" not in delivery.last_error
    first_retry = delivery.send_after
    assert first_retry > timezone.now()
    # Not due yet: the sweep leaves it.
    assert send_due() == 0 and FailingSms.calls == 1
    # Attempts until MAX_ATTEMPTS, with growing delays, then failed.
    now = first_retry
    delays = []
    for _attempt in range(tasks.MAX_ATTEMPTS - 1):
        send_due(now=now + dt.timedelta(seconds=1))
        delivery.refresh_from_db()
        delays.append((delivery.send_after - now).total_seconds())
        now = delivery.send_after
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == tasks.MAX_ATTEMPTS
    assert FailingSms.calls == tasks.MAX_ATTEMPTS
    assert delays[0] < delays[1] < delays[2]  # backoff grows


def test_recovered_backend_sends_once_and_rerun_does_not_resend(
    sms_subscriber, city, settings, tmp_path, run_on_commit
):
    settings.SMS_BACKEND = "tests.subscriptions.test_sending.FailingSms"
    with run_on_commit():
        _alert(city)
    delivery = Delivery.objects.get(channel="sms")
    settings.SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    later = delivery.send_after + dt.timedelta(seconds=1)
    assert send_due(now=later) == 1
    assert send_due(now=later + dt.timedelta(hours=1)) == 0  # re-run: nothing again
    with run_on_commit():
        assert _alert(city) == 0  # the producer publishing again: deduplicated
    assert len((tmp_path / "sms" / "outbox.jsonl").read_text().splitlines()) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2


def test_a_delivery_claimed_by_another_worker_is_not_sent_twice(beat_subscriber, city):
    publish(
        topic="announcements", areas=[city["b111"]], subject="s", text="t", url="/", source_key="k"
    )
    delivery = Delivery.objects.get(channel="email")
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=now)  # a worker is on it
    assert send_due(now=now) == 0
    assert mail.outbox == []
    # A worker that died: after the claim expires the sweep sends it (at least once).
    assert send_due(now=now + dt.timedelta(seconds=tasks.CLAIM_SECONDS + 1)) == 1
    assert len(mail.outbox) == 1


def test_http_gateway_failure_is_an_sms_error(settings):
    backend = sms.HttpGatewayBackend(url="http://127.0.0.1:9/none", timeout=1)
    with pytest.raises(sms.SmsError):
        backend.send("+13125550100", "hello")


def test_http_gateway_refuses_non_http_url():
    with pytest.raises(sms.SmsError):
        sms.HttpGatewayBackend(url="file:///etc/passwd")


def test_http_gateway_posts_json(monkeypatch):
    seen = {}

    class Answer:
        status = 202

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    def fake_urlopen(request, timeout):
        seen.update(url=request.full_url, body=json.loads(request.data), timeout=timeout)
        return Answer()

    monkeypatch.setattr(sms.urllib.request, "urlopen", fake_urlopen)
    sms.HttpGatewayBackend(url="https://sms.example.org/send", timeout=3).send("+1312", "hi")
    assert seen == {
        "url": "https://sms.example.org/send",
        "body": {"to": "+1312", "text": "hi"},
        "timeout": 3.0,
    }


def test_email_is_multipart_with_one_click_unsubscribe_headers(
    beat_subscriber, city, run_on_commit
):
    with run_on_commit():
        publish(
            topic="announcements",
            areas=[city["b111"]],
            subject="Park closed",
            text="The park is closed <for repairs>.",
            url="/areas/beat/0111/",
        )
    (message,) = mail.outbox
    link = f"http://127.0.0.1:8000/subscriptions/unsubscribe/{beat_subscriber.unsubscribe_key}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert "The park is closed <for repairs>." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;for repairs&gt;" in html and link in html
    raw = message.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


def test_sms_shorten():
    assert sms.shorten("a " * 200).endswith("…")
    assert len(sms.shorten("a " * 200)) == sms.SMS_MAX
    assert sms.shorten("short") == "short"
