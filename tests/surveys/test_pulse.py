"""The pulse follow-up: resolving a concern invites its submitter (if they left an email)
to the two-question survey, with a single-use link not tied to the concern."""

import re

from django.core import mail

from beatbridge.concerns import services as concern_services
from beatbridge.surveys import services
from beatbridge.surveys.models import Invitation, Response
from beatbridge.surveys.tasks import send_pulse


def _resolve(concern, officer, capture):
    """Resolve, check the pulse is scheduled days later (not sent now), then run it."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    with capture(execute=True):
        concern_services.acknowledge_concern(concern, by=officer)
        concern_services.resolve_concern(concern, by=officer)
    scheduled = [t for t in HUEY.scheduled() if t.name.endswith("send_pulse")]
    assert len(scheduled) == 1 and scheduled[0].args == (concern.pk,)
    assert not [m for m in mail.outbox if "two quick questions" in m.subject]
    with capture(execute=True):
        send_pulse.call_local(concern.pk)
    HUEY.flush()


def test_resolved_concern_submitter_gets_a_pulse_link(
    make_concern, officer, client, django_capture_on_commit_callbacks
):
    concern = make_concern(contact_email="n@example.org")
    mail.outbox.clear()
    _resolve(concern, officer, django_capture_on_commit_callbacks)
    pulse = [m for m in mail.outbox if "two quick questions" in m.subject]
    assert len(pulse) == 1 and pulse[0].to == ["n@example.org"]
    link = re.search(r"http\S+/surveys/w/(\d+)/\?token=(\S+)", pulse[0].body)
    assert link
    invitation = Invitation.objects.get(purpose="pulse")
    # The invitation holds only its wave, the hash and the day: no email, no concern.
    names = {f.name for f in Invitation._meta.concrete_fields}
    assert names == {"id", "wave", "token_hash", "purpose", "is_used", "created_on"}
    assert "n@example.org" not in invitation.token_hash
    wave_id, token = link.groups()
    page = client.get(f"/surveys/w/{wave_id}/?token={token}")
    assert "Was the problem fixed?" in page.content.decode()
    r = client.post(f"/surveys/w/{wave_id}/", {"token": token, "fixed": "yes", "treated": "9"})
    assert r.status_code == 302
    assert Response.objects.get().channel == "invitation"
    assert Invitation.objects.get().is_used
    assert services.pulse_survey().questions.count() == 2


def test_no_email_no_pulse(make_concern, officer, django_capture_on_commit_callbacks):
    concern = make_concern()
    _resolve(concern, officer, django_capture_on_commit_callbacks)
    assert not Invitation.objects.exists()
    assert not [m for m in mail.outbox if "two quick questions" in m.subject]


def test_pulse_results_are_for_staff_only(
    make_concern, officer, client, client_for, resident, django_capture_on_commit_callbacks
):
    concern = make_concern(contact_email="n@example.org")
    _resolve(concern, officer, django_capture_on_commit_callbacks)
    wave = Invitation.objects.get().wave
    assert client.get(f"/surveys/results/{wave.pk}/").status_code == 404
    assert client_for(resident).get(f"/surveys/results/{wave.pk}/").status_code == 404
    staff = client_for(officer).get(f"/surveys/results/{wave.pk}/")
    assert staff.status_code == 200 and "Fewer than 10 responses" in staff.content.decode()


def test_reopened_concern_gets_no_pulse(make_concern, officer, django_capture_on_commit_callbacks):
    concern = make_concern(contact_email="n@example.org")
    concern_services.acknowledge_concern(concern, by=officer)
    assert send_pulse.call_local(concern.pk) is False
    assert not Invitation.objects.exists()
