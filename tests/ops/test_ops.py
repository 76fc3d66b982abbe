"""/healthz, /metrics, JSON logs, backup/restore round trip, and a database that fails
mid-submission (503 "try again", nothing partial, one record on retry)."""

import json
import logging
import secrets

import pytest
from django.db import OperationalError, connection

from beatbridge.concerns.models import Concern


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_healthz_503_when_database_down(client, db, monkeypatch):
    monkeypatch.setattr("beatbridge.ops.health.database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"


def test_metrics_needs_token_or_staff(client, personas, client_for, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client_for(personas["resident"]).get("/metrics").status_code == 401
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert "beatbridge_database_up 1" in body
    assert "beatbridge_queue_length" in body and "beatbridge_concern_submissions_total" in body
    assert 'beatbridge_http_responses_total{status_class="4xx"' in body
    assert client_for(personas["officer"]).get("/metrics").status_code == 200


def test_json_logs_are_masked():
    from beatbridge.ops.logs import JsonFormatter
    from beatbridge.web.logmask import MaskSecrets

    record = logging.LogRecord("django.request", logging.WARNING, "", 0,
                               "Not Found: /tips/c/ABCDE-FGHIJ/", None, None)  # fmt: skip
    MaskSecrets().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Not Found: /tips/c/***/" and line["level"] == "WARNING"


def _counts():
    from beatbridge.ops.backup import model_counts

    return model_counts()


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(tmp_path, settings):
    from django.core.management import call_command

    from beatbridge.demo.city import load_city

    load_city()
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    (media / "concerns").mkdir(parents=True)
    (media / "concerns" / "photo.jpg").write_bytes(b"\xff\xd8photo")
    before = _counts()
    assert before["accounts.User"] > 0
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    call_command("flush", "--no-input", verbosity=0)
    (media / "concerns" / "photo.jpg").unlink()
    with pytest.raises(Exception, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes")
    assert _counts() == before
    assert (media / "concerns" / "photo.jpg").read_bytes() == b"\xff\xd8photo"
    with pytest.raises(Exception, match="in use"):
        call_command("restore", str(archive), "--yes")


class FailNthInsert:
    def __init__(self, n: int):
        self.n, self.seen = n, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            self.seen += 1
            if self.seen == self.n:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.mark.parametrize("n", [1, 2])
def test_api_concern_submission_survives_database_loss(client, city, n):
    from tests.concerns.conftest import IN_B111

    data = {"category": "noise", "description": "Loud", "lat": IN_B111[1], "lon": IN_B111[0]}
    key = secrets.token_urlsafe(16)
    before = Concern.objects.count()
    with connection.execute_wrapper(FailNthInsert(n)):
        response = client.post("/api/v1/concerns/", data, content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "database_unavailable"
    assert Concern.objects.count() == before
    retry = client.post("/api/v1/concerns/", data, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert retry.status_code == 201
    again = client.post("/api/v1/concerns/", data, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Concern.objects.count() == before + 1
