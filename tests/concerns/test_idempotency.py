"""A retried submission never creates a second concern (API header, web form token), a key
is bound to its request (another body is a 422), weak keys are refused (400), and a replay
never repeats a secret to whoever holds the key."""

import re
import secrets
import uuid
from unittest import mock

import pytest
from django.test import Client

from beatbridge.concerns.idempotency import (
    IdempotencyKeyRefused,
    check_key,
    estimated_bits,
    idempotent,
)
from beatbridge.concerns.models import Concern, IdempotencyRecord

from .conftest import IN_B111

DATA = {"category": "noise", "description": "Loud", "lat": IN_B111[1], "lon": IN_B111[0]}
TOKEN_FIELD = re.compile(r'name="submission_token" value="([^"]+)"')


def new_key() -> str:
    return secrets.token_urlsafe(16)


def post(client, key, data=None):
    return client.post(
        "/api/v1/concerns/", data or DATA, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_api_retry_with_same_key_returns_first_body_without_the_tracking_token(
    client, city, categories
):
    key = new_key()
    first = post(client, key)
    again = post(Client(), key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    token = first.json()["tracking_token"]
    replayed = again.json()
    # Whoever holds the key of an anonymous-scope report gets everything but the secret.
    assert "tracking_token" not in replayed and "tracking_url" not in replayed
    assert token not in again.content.decode()
    assert "first request only" in replayed["notice"]
    assert {k: v for k, v in first.json().items() if not k.startswith("tracking")} == {
        k: v for k, v in replayed.items() if k != "notice"
    }
    assert Concern.objects.count() == 1
    record = IdempotencyRecord.objects.get(key=key)
    assert token not in str(record.response_body)
    assert post(client, new_key()).json()["id"] != first.json()["id"]
    assert Concern.objects.count() == 2


def test_signed_in_retry_gets_the_whole_first_answer(client_for, city, categories, resident):
    key = new_key()
    c = client_for(resident)
    first, again = post(c, key), post(c, key)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()


def test_same_key_with_different_body_is_422(client, city, categories):
    key = new_key()
    post(client, key)
    response = post(Client(), key, {**DATA, "description": "Something else"})
    assert response.status_code == 422
    assert "already used for a different request" in response.json()["detail"]
    assert "tracking_token" not in response.content.decode()
    assert Concern.objects.count() == 1


@pytest.mark.parametrize(
    "weak",
    [
        "42",
        "key-1",
        "3f1c9b3e-retry",
        str(uuid.uuid4()),  # 122 random bits
        "a" * 64,
        "0123456789abcdef" * 4,  # a repeated pattern
        "1" + "".join(secrets.choice("0123456789") for _ in range(37)),  # 38 digits < 128 bits
        secrets.token_hex(15),  # 120 bits
        secrets.token_urlsafe(16)[:21],  # 21 base64url characters: 126 bits
        "has space " + secrets.token_hex(16),
        secrets.token_hex(101),  # longer than 200 characters
    ],
)
def test_weak_keys_are_refused_with_400(client, city, categories, weak):
    response = post(client, weak)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert Concern.objects.count() == 0


@pytest.mark.parametrize(
    "strong",
    [
        secrets.token_hex(16),
        secrets.token_urlsafe(16),
        secrets.token_urlsafe(32),
        uuid.uuid4().hex,  # 32 hex characters count 128 bits (see docs: prefer token_hex)
        "".join(secrets.choice("0123456789") for _ in range(39)),
        "-".join(secrets.token_hex(4) for _ in range(8)),
    ],
)
def test_strong_keys_pass(strong):
    assert check_key(strong) == strong
    assert estimated_bits(strong) >= 128


def test_check_key_rule():
    assert check_key(None) == check_key("  ") == ""
    with pytest.raises(IdempotencyKeyRefused):
        check_key("42")
    assert estimated_bits(str(uuid.uuid4())) == 122


def test_failed_submission_can_be_retried_with_same_key(client, city, categories):
    key = new_key()
    assert post(client, key, {**DATA, "description": ""}).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert post(client, key).status_code == 201


def test_keys_are_scoped_per_user(client_for, city, categories, resident, partner):
    key = new_key()
    a = post(client_for(resident), key)
    b = post(client_for(partner), key)
    assert a.json()["id"] != b.json()["id"]


def _form_data(categories, token, **extra):
    return {
        "category": categories["noise"].pk,
        "description": "Loud",
        "lat": IN_B111[1],
        "lon": IN_B111[0],
        "submission_token": token,
        **extra,
    }


def test_web_form_double_submit_creates_one_concern(client, city, categories):
    page = client.get("/concerns/new/").content.decode()
    token = TOKEN_FIELD.search(page).group(1)
    assert estimated_bits(token) >= 128  # the server's own tokens pass the rule
    data = _form_data(categories, token)
    first = client.post("/concerns/new/", data)
    second = client.post("/concerns/new/", data)
    assert first.status_code == second.status_code
    assert Concern.objects.count() == 1
    concern = Concern.objects.get()
    # The same browser (same CSRF cookie) that sent the form sees its tracking link again.
    if second.status_code == 302:
        second = client.get(second["Location"])
    assert concern.tracking_token in second.content.decode()
    record = IdempotencyRecord.objects.get(key=token)
    assert concern.tracking_token not in str(record.response_body)


def test_web_form_token_from_another_browser_gets_no_tracking_link(client, city, categories):
    client.cookies["csrftoken"] = secrets.token_urlsafe(24)
    token = secrets.token_urlsafe(24)
    data = _form_data(categories, token)
    client.post("/concerns/new/", data)
    other = Client()
    other.cookies["csrftoken"] = secrets.token_urlsafe(24)
    response = other.post("/concerns/new/", data)
    assert response.status_code == 422
    assert Concern.objects.count() == 1
    assert Concern.objects.get().tracking_token not in response.content.decode()
    assert "already sent with other content" in response.content.decode()
    fresh = TOKEN_FIELD.search(response.content.decode()).group(1)
    assert fresh != token and estimated_bits(fresh) >= 128


def test_web_form_weak_token_is_refused_with_a_fresh_one(client, city, categories):
    response = client.post("/concerns/new/", _form_data(categories, "abc123"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This form has expired" in page
    assert Concern.objects.count() == 0
    fresh = TOKEN_FIELD.search(page).group(1)
    assert fresh != "abc123"
    again = client.post("/concerns/new/", _form_data(categories, fresh))
    assert again.status_code in (200, 302)
    assert Concern.objects.count() == 1


def test_race_reads_back_the_winner(db):
    """Two requests with one key: both pass the first look-up; the loser's insert hits the
    unique constraint, its writes are rolled back, and it returns the winner's result."""
    from beatbridge.concerns import idempotency

    key = new_key()
    IdempotencyRecord.objects.create(
        scope="test", key=key, response_body={"id": "winner"}, request_hash="same"
    )
    real_stored = idempotency._stored
    looks = []

    def first_look_misses(*args, **kwargs):
        looks.append(1)
        return None if len(looks) == 1 else real_stored(*args, **kwargs)

    def fn():
        IdempotencyRecord.objects.create(scope="other", key="written-by-loser")
        return 201, {"id": "loser"}

    with mock.patch.object(idempotency, "_stored", side_effect=first_look_misses):
        result = idempotent("test", key, fn, request_hash="same")
    assert result.body == {"id": "winner"} and result.replayed
    assert not IdempotencyRecord.objects.filter(key="written-by-loser").exists()


def test_a_record_without_fingerprint_replays_nothing(db):
    from beatbridge.concerns.idempotency import IdempotencyConflict

    key = new_key()
    IdempotencyRecord.objects.create(scope="test", key=key, response_body={"secret": "x"})
    with pytest.raises(IdempotencyConflict):
        idempotent("test", key, lambda: (201, {}), request_hash="abc")


def test_anonymous_report_idempotency_record_does_not_name_the_user(
    client_for, city, categories, resident
):
    key = new_key()
    response = post(
        client_for(resident), key, {**DATA, "category": "drug-activity", "anonymous": True}
    )
    assert response.status_code == 201
    record = IdempotencyRecord.objects.get(key=key)
    assert str(resident.pk) not in record.scope.split(":")[-1]
    assert record.scope == "api:concern:anon"


def test_schema_documents_the_key_rule(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "128 bits of randomness" in schema
    assert "UUID (122 random bits)" in schema
