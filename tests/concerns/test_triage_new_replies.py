"""Triage marks concerns whose reporter answered an officer ("New reply", in words) and can
put them first; the marker costs no query per row."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beatbridge.concerns import services, triage
from beatbridge.concerns.models import Concern, ConcernUpdate

from .conftest import IN_B211


def _row(html, concern):
    found = re.search(rf'<tr[^>]*id="concern-row-{concern.pk}">.*?</tr>', html, re.S)
    assert found, f"concern #{concern.pk} is not in the queue"
    return found.group(0)


def _queue(client, **params):
    response = client.get("/concerns/triage/", params)
    assert response.status_code == 200
    return response.content.decode()


def _row_ids(html):
    return [int(pk) for pk in re.findall(r'id="concern-row-(\d+)"', html)]


def _asked_and_answered(concern, officer, minutes_ago=10):
    """An officer's public question, then the reporter's answer through their link."""
    question = services.add_update(concern, by=officer, text="Which nights is it loudest?")
    ConcernUpdate.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return services.reply_as_submitter(concern, text="Fridays.", holds_tracking_link=True)


def test_reply_to_an_officers_question_is_marked(client_for, make_concern, officer):
    answered = make_concern()
    quiet = make_concern()
    services.add_update(quiet, by=officer, text="We will look at it.")
    _asked_and_answered(answered, officer)
    html = _queue(client_for(officer))
    assert '<span class="badge new-reply">New reply</span>' in _row(html, answered)
    assert "New reply" not in _row(html, quiet)


def test_officer_answering_back_clears_the_marker(client_for, make_concern, officer):
    concern = make_concern()
    _asked_and_answered(concern, officer)
    services.add_update(concern, by=officer, text="Thank you, we will patrol on Fridays.")
    assert "New reply" not in _row(_queue(client_for(officer)), concern)


def test_a_status_change_answers_too(client_for, make_concern, officer):
    concern = make_concern()
    _asked_and_answered(concern, officer)
    services.acknowledge_concern(concern, by=officer)
    assert "New reply" not in _row(_queue(client_for(officer)), concern)


def test_internal_notes_do_not_hide_the_reply(client_for, make_concern, officer):
    """The reporter never sees internal notes (an assignment among them): not an answer."""
    concern = make_concern()
    _asked_and_answered(concern, officer)
    services.add_update(concern, by=officer, text="Check with the night shift.", public=False)
    services.assign_concern(concern, by=officer, officer=officer)
    assert "New reply" in _row(_queue(client_for(officer)), concern)


def test_no_marker_without_an_officers_question(client_for, make_concern, officer):
    concern = make_concern()
    services.reply_as_submitter(concern, text="It happened again.", holds_tracking_link=True)
    assert "New reply" not in _row(_queue(client_for(officer)), concern)


def test_a_reply_before_the_question_is_not_an_answer(client_for, make_concern, officer):
    concern = make_concern()
    reply = services.reply_as_submitter(concern, text="Also Sundays.", holds_tracking_link=True)
    ConcernUpdate.objects.filter(pk=reply.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    services.add_update(concern, by=officer, text="Which nights?")
    assert "New reply" not in _row(_queue(client_for(officer)), concern)


def test_new_replies_first_sorts_them_first_default_stays_oldest_first(
    client_for, make_concern, officer
):
    old, middle, new = make_concern(), make_concern(), make_concern()
    for days, concern in ((3, old), (2, middle), (1, new)):
        Concern.objects.filter(pk=concern.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days)
        )
    _asked_and_answered(new, officer)
    c = client_for(officer)
    assert _row_ids(_queue(c)) == [old.pk, middle.pk, new.pk]
    replies_first = _queue(c, status="open", sort="replies")
    assert _row_ids(replies_first) == [new.pk, old.pk, middle.pk]
    assert "new replies first" in replies_first  # the table's caption says so
    assert '<option value="replies" selected>New replies first</option>' in replies_first
    # An unknown order is a bad filter: the queue falls back to its default.
    assert _row_ids(_queue(c, sort="loudest")) == [old.pk, middle.pk, new.pk]


def test_supervisor_sees_markers_across_beats(client_for, make_concern, officer, supervisor):
    far = make_concern(where=IN_B211)
    _asked_and_answered(far, supervisor)
    html = _queue(client_for(supervisor), status="open", sort="replies")
    assert _row_ids(html)[0] == far.pk
    assert "New reply" in _row(html, far)


def test_refused_roles_do_not_get_the_queue(client_for, make_concern, officer, resident):
    _asked_and_answered(make_concern(), officer)
    response = client_for(resident).get("/concerns/triage/", {"sort": "replies"})
    assert response.status_code == 403
    anonymous = client_for(None).get("/concerns/triage/", {"sort": "replies"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def _queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        _queue(client, **params)
    return len(queries)


def test_the_marker_costs_no_query_per_row(client_for, make_concern, officer):
    c = client_for(officer)
    _asked_and_answered(make_concern(), officer)
    _queue(c)  # warm the per-process caches (categories, areas, officers)
    one = _queries(c), _queries(c, status="open", sort="replies")
    for _ in range(4):
        _asked_and_answered(make_concern(), officer)
    make_concern()
    five = _queries(c), _queries(c, status="open", sort="replies")
    assert five == one


def test_has_new_reply_annotation(make_concern, officer):
    answered, other = make_concern(), make_concern()
    _asked_and_answered(answered, officer)
    marks = dict(triage.with_new_reply(Concern.objects.all()).values_list("pk", "has_new_reply"))
    assert marks == {answered.pk: True, other.pk: False}
