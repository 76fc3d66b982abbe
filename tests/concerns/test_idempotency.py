"""A retried submission never creates a second concern (API header, web form token)."""

from unittest import mock

from beatbridge.concerns.idempotency import idempotent
from beatbridge.concerns.models import Concern, IdempotencyRecord

from .conftest import IN_B111

DATA = {"category": "noise", "description": "Loud", "lat": IN_B111[1], "lon": IN_B111[0]}


def post(client, key, data=None):
    return client.post(
        "/api/v1/concerns/", data or DATA, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_api_retry_with_same_key_returns_first_body(client, city, categories):
    first = post(client, "key-1")
    again = post(client, "key-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Concern.objects.count() == 1
    assert post(client, "key-2").json()["id"] != first.json()["id"]
    assert Concern.objects.count() == 2


def test_same_key_with_different_body_is_422(client, city, categories):
    post(client, "key-1")
    response = post(client, "key-1", {**DATA, "description": "Something else"})
    assert response.status_code == 422
    assert Concern.objects.count() == 1


def test_failed_submission_can_be_retried_with_same_key(client, city, categories):
    assert post(client, "k", {**DATA, "description": ""}).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert post(client, "k").status_code == 201


def test_keys_are_scoped_per_user(client_for, city, categories, resident, partner):
    a = post(client_for(resident), "same")
    b = post(client_for(partner), "same")
    assert a.json()["id"] != b.json()["id"]


def test_web_form_double_submit_creates_one_concern(client, city, categories):
    data = {
        "category": categories["noise"].pk,
        "description": "Loud",
        "lat": IN_B111[1],
        "lon": IN_B111[0],
        "submission_token": "abc123",
    }
    first = client.post("/concerns/new/", data)
    second = client.post("/concerns/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1
    page = client.get(second["Location"])
    assert Concern.objects.get().tracking_token in page.content.decode()


def test_race_reads_back_the_winner(db):
    """Two requests with one key: both pass the first look-up; the loser's insert hits the
    unique constraint, its writes are rolled back, and it returns the winner's result."""
    from beatbridge.concerns import idempotency

    IdempotencyRecord.objects.create(scope="test", key="k", response_body={"id": "winner"})
    real_stored = idempotency._stored
    looks = []

    def first_look_misses(*args, **kwargs):
        looks.append(1)
        return None if len(looks) == 1 else real_stored(*args, **kwargs)

    def fn():
        IdempotencyRecord.objects.create(scope="other", key="written-by-loser")
        return 201, {"id": "loser"}

    with mock.patch.object(idempotency, "_stored", side_effect=first_look_misses):
        result = idempotent("test", "k", fn)
    assert result.body == {"id": "winner"} and result.replayed
    assert not IdempotencyRecord.objects.filter(key="written-by-loser").exists()


def test_anonymous_report_idempotency_record_does_not_name_the_user(
    client_for, city, categories, resident
):
    response = post(
        client_for(resident), "anon-key", {**DATA, "category": "drug-activity", "anonymous": True}
    )
    assert response.status_code == 201
    record = IdempotencyRecord.objects.get(key="anon-key")
    assert str(resident.pk) not in record.scope.split(":")[-1]
    assert record.scope == "api:concern:anon"
