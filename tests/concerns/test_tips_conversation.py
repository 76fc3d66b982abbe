"""Two-way anonymous conversation: the tipster with the code, the officer from the inbox."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from beatbridge.concerns.models import TipMessage, TipStatus
from beatbridge.concerns.tips import services

from .conftest import IN_B111
from .open311_helpers import fast_passwords  # noqa: F401


@pytest.fixture
def tip_and_code(city):
    submitted = services.submit_tip(
        body="Cars racing on Elm at night", lon=IN_B111[0], lat=IN_B111[1]
    )
    return submitted.tip, submitted.code


def test_conversation_both_ways(client, client_for, officer, tip_and_code):
    tip, code = tip_and_code
    assert tip.district.code == "1"
    # The officer asks a question from the tip page.
    staff = client_for(officer)
    response = staff.post(reverse("tips:reply", args=[tip.pk]), {"body": "Which nights?"})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == TipStatus.REVIEWING
    # The tipster types the code (a form POST) and reads the question.
    page = client.post(reverse("tips:lookup"), {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Which nights?" in text and "Cars racing on Elm" in text
    assert "Officer Olivia" not in text  # officers are "the police" to the tipster
    # ... and answers.
    page = client.post(reverse("tips:lookup"), {"code": code, "body": "Fridays, around 2am."})
    # POST → redirect → GET: the code rides back in the fragment, a refresh posts nothing.
    assert page.status_code == 303 and page["Location"] == f"/tips/c/#{code}"
    assert (
        "Fridays, around 2am."
        in client.post(page["Location"].split("#")[0], {"code": code}).content.decode()
    )
    assert TipMessage.objects.filter(from_tipster=True).count() == 1
    message = TipMessage.objects.get(from_tipster=True)
    assert message.author_id is None and message.sent_hour.minute == 0
    # The officer sees the answer.
    detail = staff.get(reverse("tips:detail", args=[tip.pk]))
    assert "Fridays, around 2am." in detail.content.decode()
    assert Session.objects.filter().count() == 1  # only the officer's own session


def test_secret_link_opens_the_conversation(client, tip_and_code):
    tip, code = tip_and_code
    response = client.get(reverse("tips:code_link", args=[code]))
    assert response.status_code == 200
    assert "Cars racing on Elm" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert getattr(response, "_has_been_logged", False) is True


@pytest.mark.parametrize("bad", ["AAAAA-AAAAA-AAAAA-AAAAA", "not a code", ""])
def test_wrong_code_gives_a_clear_error(client, tip_and_code, bad):
    response = client.post(reverse("tips:lookup"), {"code": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Cars racing" not in text
    assert (
        "No tip matches this code" in text
        or "That is not a tip code" in text
        or "This field is required" in text
    )


def test_wrong_code_link_is_400_and_not_logged(client, tip_and_code):
    response = client.get(reverse("tips:code_link", args=["ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"]))
    assert response.status_code == 400
    assert "No tip matches this code" in response.content.decode()
    assert response._has_been_logged is True


def test_empty_reply_is_a_form_error(client, tip_and_code):
    _tip, code = tip_and_code
    response = client.post(reverse("tips:lookup"), {"code": code, "body": "   "})
    assert response.status_code == 400
    assert TipMessage.objects.count() == 0


def test_closed_tip_refuses_replies(client, officer, tip_and_code):
    tip, code = tip_and_code
    services.change_tip_status(tip, TipStatus.CLOSED, by=officer)
    response = client.post(reverse("tips:lookup"), {"code": code, "body": "one more thing"})
    assert response.status_code == 400
    assert "This tip is closed" in response.content.decode()
    assert TipMessage.objects.count() == 0


def test_code_attempts_are_rate_limited(client, tip_and_code, monkeypatch):
    monkeypatch.setattr(services, "CODE_ATTEMPTS_RATE", "3/hour")
    for _ in range(3):
        client.post(reverse("tips:lookup"), {"code": "AAAAA-AAAAA-AAAAA-AAAAA"})
    response = client.post(reverse("tips:lookup"), {"code": tip_and_code[1]})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    api = client.get(reverse("api-tip-conversation"), HTTP_X_TIP_CODE=tip_and_code[1])
    assert api.status_code == 429 and int(api["Retry-After"]) > 0


def test_officer_reply_needs_a_body(client_for, officer, tip_and_code):
    tip, _code = tip_and_code
    response = client_for(officer).post(reverse("tips:reply", args=[tip.pk]), {"body": ""})
    assert response.status_code == 302
    assert TipMessage.objects.count() == 0


def test_status_change_and_bad_status(client_for, officer, tip_and_code):
    tip, _code = tip_and_code
    staff = client_for(officer)
    staff.post(reverse("tips:status", args=[tip.pk]), {"status": "acted_on"})
    tip.refresh_from_db()
    assert tip.status == TipStatus.ACTED_ON
    staff.post(reverse("tips:status", args=[tip.pk]), {"status": "nonsense"})
    tip.refresh_from_db()
    assert tip.status == TipStatus.ACTED_ON


def test_district_officers_are_emailed_without_content(
    city, officer, other_district_officer, django_capture_on_commit_callbacks, mailoutbox
):
    from huey.contrib.djhuey import HUEY

    HUEY.storage.flush_all()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_tip(body="The secret details", lon=IN_B111[0], lat=IN_B111[1])
    assert mailoutbox == []  # sent after the next full hour (test_tip_notification_timing)
    for task in HUEY.scheduled():
        HUEY.execute(task, timestamp=task.eta)
    HUEY.storage.flush_all()
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "The secret details" not in mailoutbox[0].body
    assert "/tips/inbox/" in mailoutbox[0].body


def test_inbox_shows_which_tips_wait_for_an_answer(client_for, officer, tip_and_code):
    tip, code = tip_and_code
    staff = client_for(officer)
    assert "Waiting for us" in staff.get(reverse("tips:inbox")).content.decode()
    services.reply_to_tip(tip, "Any plates?", by=officer)
    assert "Waiting for us" not in staff.get(reverse("tips:inbox")).content.decode()
    services.reply_as_tipster(code, "No.")
    assert "Waiting for us" in staff.get(reverse("tips:inbox")).content.decode()
    closed = staff.get(reverse("tips:inbox"), {"status": "closed"}).content.decode()
    assert f"Tip #{tip.pk}" not in closed
    every = staff.get(reverse("tips:inbox"), {"status": "all"}).content.decode()
    assert f"Tip #{tip.pk}" in every


def test_inbox_bad_filter_is_400(client_for, officer, tip_and_code):
    response = client_for(officer).get(reverse("tips:inbox"), {"status": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
