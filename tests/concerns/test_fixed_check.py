"""Some weeks after resolution, the submitter is asked once whether it is really fixed."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from beatbridge.concerns import services
from beatbridge.concerns.models import Concern, ConcernStatus, UpdateKind
from beatbridge.concerns.tasks import fixed_check_task


def _resolved_weeks_ago(make_concern, officer, weeks, **kwargs):
    concern = make_concern(**kwargs)
    services.resolve_concern(concern, by=officer)
    Concern.objects.filter(pk=concern.pk).update(
        resolved_at=timezone.now() - dt.timedelta(weeks=weeks)
    )
    concern.refresh_from_db()
    return concern


def test_sends_once_only_to_due_submitters_with_email(
    make_concern, officer, settings, django_capture_on_commit_callbacks
):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "FIXED_CHECK_WEEKS": 3}
    due = _resolved_weeks_ago(make_concern, officer, 4, contact_email="due@example.org")
    _resolved_weeks_ago(make_concern, officer, 1, contact_email="early@example.org")
    _resolved_weeks_ago(make_concern, officer, 4)  # no email left
    unfixed = make_concern(contact_email="unfixed@example.org")
    services.close_without_fix(unfixed, by=officer, reason="could_not_resolve")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_fixed_checks() == 1
        assert services.send_fixed_checks() == 0
        assert fixed_check_task.call_local() == 0
    [message] = mail.outbox
    assert message.to == ["due@example.org"]
    assert f"/concerns/track/fixed/#{due.tracking_token}" in message.body
    assert f"/concerns/track/{due.tracking_token}/" not in message.body


def test_answer_yes_goes_on_timeline(make_concern, officer, client):
    concern = _resolved_weeks_ago(make_concern, officer, 4, contact_email="a@example.org")
    services.send_fixed_checks()
    url, token = "/concerns/track/fixed/", concern.tracking_token
    assert 'data-secret-field="token"' in client.get(url).content.decode()  # the link's form
    question = client.post(url, {"token": token})  # as the form fills it from the #fragment
    assert question.status_code == 200 and 'name="fixed"' in question.content.decode()
    assert client.post(url, {"token": token, "answer": "1"}).status_code == 400
    answered = client.post(url, {"token": token, "answer": "1", "fixed": "yes"})
    assert (
        answered.status_code == 200
        and "Your answer is on the timeline" in answered.content.decode()
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED
    update = concern.updates.get(kind=UpdateKind.FIXED_CHECK)
    assert update.is_public and "says it is fixed" in update.text
    again = {"token": token, "answer": "1", "fixed": "no"}
    assert client.post(url, again).status_code == 400  # answered already


def test_old_fixed_check_link_still_answers(make_concern, officer, client):
    concern = _resolved_weeks_ago(make_concern, officer, 4, contact_email="a@example.org")
    services.send_fixed_checks()
    url = f"/concerns/track/{concern.tracking_token}/fixed/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"fixed": "no", "note": "Still dark."}).status_code == 200
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED


def test_answer_no_reopens(make_concern, officer):
    concern = _resolved_weeks_ago(make_concern, officer, 4, contact_email="a@example.org")
    services.send_fixed_checks()
    concern.refresh_from_db()
    services.answer_fixed_check(concern, fixed=False, note="Lights are out again.")
    assert concern.status == ConcernStatus.SUBMITTED
    assert "not fixed" in concern.updates.get(kind=UpdateKind.FIXED_CHECK).text


def test_cannot_answer_before_being_asked(make_concern, officer, client):
    concern = _resolved_weeks_ago(make_concern, officer, 1, contact_email="a@example.org")
    response = client.post("/concerns/track/fixed/", {"token": concern.tracking_token})
    assert "already been answered, or was not asked" in response.content.decode()
