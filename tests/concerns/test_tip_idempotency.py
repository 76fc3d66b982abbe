"""A tip's Idempotency-Key never hands out a tip code (the probe: key 42, second client,
other body, got the first tipster's code), and tip keys sit in no shared table."""

import datetime as dt
import re
import secrets

from django.db import models
from django.test import Client
from django.urls import reverse

from beatbridge.concerns.models import IdempotencyRecord, Tip, TipSubmissionKey
from beatbridge.concerns.tips import services

from .conftest import IN_B111

CODE_RE = re.compile(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}")
TOKEN_FIELD = re.compile(r'name="submission_token" value="([^"]+)"')
FIRST = {"body": "A man sells pills behind the laundromat", "lon": IN_B111[0], "lat": IN_B111[1]}
OTHER = {"body": "Nothing to do with the first tip", "lon": IN_B111[0], "lat": IN_B111[1]}


def _send(client, data, key):
    return client.post(
        reverse("api-tips"), data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_probe_key_42_is_refused(client, city):
    response = _send(client, FIRST, "42")
    assert response.status_code == 400
    assert "too easy to guess" in response.json()["Idempotency-Key"][0]
    assert Tip.objects.count() == 0


def test_another_client_with_the_key_and_another_body_gets_422_and_no_code(client, city):
    key = secrets.token_urlsafe(16)
    first = _send(client, FIRST, key)
    assert first.status_code == 201
    code = first.json()["code"]
    stranger = _send(Client(), OTHER, key)
    assert stranger.status_code == 422
    assert "already used for a different request" in stranger.json()["detail"]
    assert code not in stranger.content.decode()
    assert Tip.objects.count() == 1


def test_replay_of_the_same_request_gets_the_tip_but_never_the_code(client, city):
    key = secrets.token_hex(16)
    first = _send(client, FIRST, key)
    code = first.json()["code"]
    assert CODE_RE.fullmatch(code)
    again = _send(Client(), FIRST, key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again["Cache-Control"] == "no-store"
    body = again.json()
    assert body["code"] is None
    assert code not in again.content.decode()
    assert "shown only in the answer to the first request" in body["notice"]
    assert body["received_hour"] == first.json()["received_hour"]
    assert Tip.objects.count() == 1


def test_nothing_stored_rebuilds_the_code_or_pins_the_time(client, city):
    key = secrets.token_urlsafe(16)
    code = _send(client, FIRST, key).json()["code"]
    assert not IdempotencyRecord.objects.exists()  # not in the shared, exactly timed table
    row = TipSubmissionKey.objects.get()
    assert row.tip == Tip.objects.get()
    stored = " ".join(str(v) for v in TipSubmissionKey.objects.values().get().values())
    assert key not in stored and code not in stored and code.replace("-", "") not in stored
    fields = TipSubmissionKey._meta.get_fields()
    assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    # The code is random, not derived from the key: a new tip with a new key has another.
    assert _send(Client(), OTHER, secrets.token_urlsafe(16)).json()["code"] != code


def test_keys_are_forgotten_a_day_after_their_tip(city):
    old = services.submit_tip(body="Old tip", idempotency_key=secrets.token_hex(16)).tip
    Tip.objects.filter(pk=old.pk).update(
        received_hour=old.received_hour - services.KEY_KEPT - dt.timedelta(hours=1)
    )
    services.submit_tip(body="New tip", idempotency_key=secrets.token_hex(16))
    assert list(TipSubmissionKey.objects.values_list("tip__body", flat=True)) == ["New tip"]


def _form_post(client, token, body="The blue van on 5th deals every night."):
    return client.post(
        reverse("tips:new"), {"body": body, "understood": "on", "submission_token": token}
    )


def test_web_form_sent_twice_shows_the_code_once(client, city):
    page = client.get(reverse("tips:new")).content.decode()
    token = TOKEN_FIELD.search(page).group(1)
    first = _form_post(client, token)
    code = CODE_RE.search(first.content.decode()).group(0)
    second = _form_post(client, token)
    assert second.status_code == 200
    text = second.content.decode()
    assert "Your tip was already received" in text
    assert code not in text and not CODE_RE.search(text)
    assert second["Cache-Control"] == "no-store"
    assert Tip.objects.count() == 1


def test_web_form_token_reused_for_another_tip_is_422(client, city):
    token = secrets.token_urlsafe(24)
    first = _form_post(client, token)
    code = CODE_RE.search(first.content.decode()).group(0)
    other = _form_post(Client(), token, body="Something else entirely")
    assert other.status_code == 422
    assert code not in other.content.decode()
    assert "already sent with other content" in other.content.decode()
    assert Tip.objects.count() == 1


def test_web_form_weak_token_gets_a_fresh_one(client, city):
    response = _form_post(client, "tok-123")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This form has expired" in page
    assert Tip.objects.count() == 0
    fresh = TOKEN_FIELD.search(page).group(1)
    assert fresh != "tok-123"
    assert CODE_RE.search(_form_post(client, fresh).content.decode())
    assert Tip.objects.count() == 1
