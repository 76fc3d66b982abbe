"""Answering: nothing identifying stored, single-use invitations (also under concurrent
submission), once per wave for accounts, once per browser for the open link."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from beatbridge.accounts.models import ActivityEntry
from beatbridge.surveys import services
from beatbridge.surveys.models import Answer, Invitation, Response, WaveParticipation

from .conftest import answers


def _stored_text(obj) -> str:
    return " ".join(str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields)


def test_nothing_identifying_is_stored(client_for, resident, wave):
    before = ActivityEntry.objects.count()
    c = client_for(resident)
    r = c.post(
        f"/surveys/w/{wave.pk}/",
        {
            "neighborhood": "1",
            "safety": "8",
            "respect": "7",
            "listen": "6",
            "top_issue": "speeding cars",
        },
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="ProbeAgent/9.9",
    )
    assert r.status_code == 302
    response = Response.objects.get()
    names = {f.name for f in Response._meta.get_fields()}
    assert not names & {
        "ip",
        "ip_address",
        "user",
        "account",
        "user_agent",
        "created_at",
        "invitation",
    }
    assert isinstance(response.submitted_on, dt.date) and not isinstance(
        response.submitted_on, dt.datetime
    )
    dump = _stored_text(response) + " ".join(_stored_text(a) for a in Answer.objects.all())
    for secret in ("203.0.113.77", "ProbeAgent", resident.email, resident.display_name):
        assert secret not in dump
    part = WaveParticipation.objects.get()
    # The key is a keyed hash: without SECRET_KEY it cannot be recomputed from the user id.
    import hashlib

    assert len(part.key) == 64
    assert part.key != hashlib.sha256(f"{wave.pk}:{resident.pk}".encode()).hexdigest()
    assert part.key == services.participation_key(wave, resident)
    assert {f.name for f in WaveParticipation._meta.concrete_fields} == {"key", "wave"}
    # No activity entry ties the resident (or anyone) to the response.
    assert ActivityEntry.objects.count() == before
    assert response.channel == "account" and response.neighborhood.code == "1"


def test_once_per_wave_for_accounts(client_for, resident, wave):
    services.submit_response(wave, answers(), user=resident)
    with pytest.raises(ValidationError):
        services.submit_response(wave, answers(), user=resident)
    assert Response.objects.count() == 1
    page = client_for(resident).get(f"/surveys/w/{wave.pk}/")
    assert "already answered" in page.content.decode()


def test_open_link_once_per_browser_cookie_stores_nothing(client, city, wave):
    data = {"neighborhood": "1", "safety": "5", "respect": "5", "listen": "5"}
    assert client.post(f"/surveys/w/{wave.pk}/", data).status_code == 302
    cookie = client.cookies[f"bb_survey_{wave.pk}"]
    assert str(Response.objects.get().pk) not in cookie.value
    again = client.post(f"/surveys/w/{wave.pk}/", data)
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1
    assert WaveParticipation.objects.count() == 0


def test_invitation_is_single_use_and_stored_hashed(client, supervisor, wave):
    token = services.create_invitations(wave, count=1, by=supervisor)[0]
    inv = Invitation.objects.get()
    assert token not in inv.token_hash and inv.token_hash == services.keyed_hash(
        "invitation", token
    )
    services.submit_response(wave, answers(), token=token)
    assert Invitation.objects.get().is_used
    with pytest.raises(ValidationError) as e:
        services.submit_response(wave, answers(), token=token)
    assert "already been used" in str(e.value)
    page = client.get(f"/surveys/w/{wave.pk}/?token={token}")
    assert "already been used" in page.content.decode()
    with pytest.raises(ValidationError):
        services.submit_response(wave, answers(), token="not-a-token")
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_invitation_under_concurrent_submission_gives_one_response(city, supervisor):
    from django.utils import timezone

    survey = services.create_survey(title_en="S", by=supervisor)
    services.add_standard_module(survey, by=supervisor)
    today = timezone.localdate()
    wave = services.open_wave(survey, name="W", opens_on=today, closes_on=today, by=supervisor)
    token = services.create_invitations(wave, count=1, by=supervisor)[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit_response(wave, answers(), token=token)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # a lock error counts as refused, never a second response
            outcomes.append(f"error:{type(exc).__name__}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert Response.objects.filter(wave=wave).count() == 1


def test_bad_answers_are_field_errors(client, wave):
    with pytest.raises(ValidationError) as e:
        services.submit_response(wave, {"neighborhood": "1", "safety": "11", "respect": "x"})
    errs = e.value.message_dict
    assert set(errs) >= {"safety", "respect", "listen"}
    r = client.post(f"/surveys/w/{wave.pk}/", {"neighborhood": "nowhere", "safety": "99"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Choose one of the numbers shown." in body and "5-digit ZIP" in body
    assert Response.objects.count() == 0


def test_zip_instead_of_neighborhood(wave):
    resp = services.submit_response(wave, answers(neighborhood="60601"))
    assert resp.neighborhood is None
    assert Answer.objects.get(response=resp, question__code="neighborhood").text == "60601"


def test_closed_wave_refuses(wave):
    wave.closes_on = wave.opens_on
    wave.opens_on = wave.opens_on - dt.timedelta(days=5)
    wave.closes_on = wave.opens_on
    wave.save()
    with pytest.raises(ValidationError):
        services.submit_response(wave, answers())


def test_api_submit_with_token_and_refusals(client, client_for, supervisor, resident, wave):
    token = services.create_invitations(wave, count=1, by=supervisor)[0]
    url = f"/api/v1/survey-waves/{wave.pk}/responses/"
    ok = client.post(url, {"answers": answers(), "token": token}, content_type="application/json")
    assert ok.status_code == 201 and ok.json() == {"received": True}
    again = client.post(
        url, {"answers": answers(), "token": token}, content_type="application/json"
    )
    assert again.status_code == 400
    anon = client.post(url, {"answers": answers()}, content_type="application/json")
    assert anon.status_code == 400
    bad = client_for(resident).post(
        url, {"answers": {"safety": 42}}, content_type="application/json"
    )
    assert bad.status_code == 400
    signed = client_for(resident).post(url, {"answers": answers()}, content_type="application/json")
    assert signed.status_code == 201
    inv = client_for(resident).post(
        f"/api/v1/survey-waves/{wave.pk}/invitations/",
        {"count": 2},
        content_type="application/json",
    )
    assert inv.status_code == 403
    made = client_for(supervisor).post(
        f"/api/v1/survey-waves/{wave.pk}/invitations/",
        {"count": 2},
        content_type="application/json",
    )
    assert made.status_code == 201 and len(made.json()["tokens"]) == 2
    assert "token=" in made.json()["links"][0]
