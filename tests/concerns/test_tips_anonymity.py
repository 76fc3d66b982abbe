"""An anonymous tip stores nothing that points back to the tipster (checked on the DB row)."""

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns.models import IdempotencyRecord, Tip, TipEvent, TipMessage
from beatbridge.concerns.models.tips import hash_code
from beatbridge.concerns.tips import services

from .open311_helpers import fast_passwords  # noqa: F401

CODE_RE = re.compile(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}")


def _post_tip(client, **extra):
    data = {"body": "The blue van on 5th deals every night.", "understood": "on"}
    data.update(extra)
    return client.post(
        reverse("tips:new"),
        data,
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="SecretBrowser/9.9 (tipster-phone)",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )


def _row_values(obj) -> list[str]:
    from django.forms.models import model_to_dict

    return [str(v) for v in model_to_dict(obj).values()]


def test_anonymous_web_tip_stores_no_identifying_data(client, city, resident):
    client.force_login(resident)  # even a signed-in resident stays anonymous by default
    response = _post_tip(client, location_text="Riverside")
    assert response.status_code == 200
    code = CODE_RE.search(response.content.decode()).group(0)
    tip = Tip.objects.get()
    assert tip.is_anonymous is True
    assert tip.submitted_by_id is None
    assert tip.contact == ""
    assert tip.code_hash == hash_code(code) and code not in tip.code_hash
    assert tip.received_hour.minute == 0 and tip.received_hour.second == 0
    assert tip.received_hour.microsecond == 0
    assert tip.district == city["d1"] and tip.beat == city["b111"]
    # No field of the row holds the IP, the user agent, the user or the code.
    values = " ".join(_row_values(tip))
    for secret in ("203.0.113", "198.51.100", "SecretBrowser", resident.email, code):
        assert secret not in values
    assert str(resident.pk) != str(tip.submitted_by_id)
    # Its event has no actor and only the hour, and the shared activity log has no entry.
    assert not ActivityEntry.objects.filter(target_id=str(tip.pk), verb__startswith="tip.")
    entry = TipEvent.objects.get(tip=tip)
    assert entry.actor_id is None and entry.created_at == tip.received_hour


def test_anonymous_submission_creates_no_session(client, city):
    response = _post_tip(client)
    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"


def test_hour_rounding(city, monkeypatch):
    fixed = dt.datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    submitted = services.submit_tip(body="Something I saw")
    tip = Tip.objects.get(pk=submitted.tip.pk)
    assert tip.received_hour == dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC)
    services.reply_as_tipster(submitted.code, "more")
    assert TipMessage.objects.get().sent_hour == dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC)
    assert services.current_hour(fixed) == dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC)


def test_identified_tip_keeps_the_contact(client, city, resident):
    client.force_login(resident)
    response = _post_tip(client, identify="on", contact="Rosa, 555-0100")
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert tip.is_anonymous is False
    assert tip.submitted_by == resident
    assert tip.contact == "Rosa, 555-0100"
    entry = TipEvent.objects.get(tip=tip, verb="tip.submitted")
    assert entry.actor == resident and entry.created_at == tip.received_hour


def test_identify_without_contact_is_a_form_error(client, city):
    response = _post_tip(client, identify="on", contact="")
    assert response.status_code == 400
    assert "how to reach you" in response.content.decode()
    assert Tip.objects.count() == 0


def test_contact_is_dropped_unless_identify_is_ticked(client, city):
    _post_tip(client, contact="My name is Bob")
    assert Tip.objects.get().contact == ""


def test_form_requires_body_and_understanding(client, city):
    response = client.post(reverse("tips:new"), {"body": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Please confirm that you understand this." in page
    assert Tip.objects.count() == 0


def test_form_warns_about_the_code_before_submitting(client, city):
    page = client.get(reverse("tips:new")).content.decode()
    assert "The code is the only way back to your tip" in page
    assert "lose access" in page


def test_idempotent_form_retry_gives_same_tip_and_the_code_once(client, city):
    token = "Hq3v9XbT2mLw8ZpR4sKd1N"
    first = _post_tip(client, submission_token=token)
    second = _post_tip(client, submission_token=token)
    code = CODE_RE.search(first.content.decode()).group(0)
    assert not CODE_RE.search(second.content.decode())  # a replay never repeats the code
    assert Tip.objects.count() == 1
    assert not IdempotencyRecord.objects.exists()  # tip keys stay out of the shared table
    # More in test_tip_idempotency.py.
    assert code


@pytest.mark.parametrize("rate", ["2/hour"])
def test_rate_limit_on_the_form(client, city, settings, rate):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "ANON_RATE_LIMIT": rate}
    assert _post_tip(client).status_code == 200
    assert _post_tip(client).status_code == 200
    response = _post_tip(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many tips" in response.content.decode()
    assert Tip.objects.count() == 2


def test_no_table_anywhere_holds_the_ip_or_user_agent(client, city, caplog):
    """Belt and braces: scan every text column of every model after an anonymous tip,
    and the log records of the request."""
    from django.apps import apps
    from django.db import models

    response = _post_tip(client, location_text="Riverside")
    assert response.status_code == 200
    code = CODE_RE.search(response.content.decode()).group(0)
    secrets = ("203.0.113.77", "198.51.100.23", "SecretBrowser", code)
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            blob = " ".join(str(v) for v in row)
            for secret in secrets:
                assert secret not in blob, f"{secret} found in {model.__name__}"
    for record in caplog.records:
        for secret in secrets:
            assert secret not in record.getMessage()
