"""Every write path under a lost database connection: the connection dies at the first or
the second INSERT of the request (a fault-injecting execute wrapper); the visitor gets the
"nothing was saved, try again" answer (503), nothing partial is stored, and sending the same
form again (the 503 page's own *Send again* form, with the same submission token) or the same
API request (the same Idempotency-Key) stores exactly one record.

tests/ops/test_ops.py covers the concern API; this file covers the web forms (concern, tip),
the tip API, the tipster's reply, an officer's reply to a tip and a concern update."""

import html
import re
import secrets

import pytest
from django.db import connection
from django.urls import reverse

from beatbridge.concerns.models import Concern, ConcernUpdate, Tip, TipMessage
from beatbridge.concerns.seed import seed_categories
from beatbridge.concerns.tips import services as tip_services

from ..concerns.conftest import IN_B111
from .test_ops import FailNthInsert

TOKEN_RE = re.compile(r'name="submission_token" value="([^"]+)"')
HIDDEN_RE = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@pytest.fixture
def categories(city):
    from beatbridge.concerns.models import Category

    seed_categories()
    return {c.code: c for c in Category.objects.all()}


def _resend_fields(page: str) -> dict:
    """The fields of the 503 page's *Send again* form."""
    assert "nothing was saved" in page
    found: dict = {}
    for name, value in HIDDEN_RE.findall(page):
        found.setdefault(name, html.unescape(value))
    return found


def _counts():
    return (
        Concern.objects.count(),
        Tip.objects.count(),
        TipMessage.objects.count(),
        ConcernUpdate.objects.count(),
    )


@pytest.mark.parametrize("n", [1, 2])
def test_concern_form_survives_database_loss(client, categories, n):
    page = client.get("/concerns/new/").content.decode()
    fields = {
        "category": categories["noise"].pk,
        "description": "Loud music every night after midnight.",
        "lat": IN_B111[1],
        "lon": IN_B111[0],
        "contact_email": "rosa@example.org",
        "submission_token": TOKEN_RE.search(page).group(1),
    }
    before = _counts()
    with connection.execute_wrapper(FailNthInsert(n)):
        failed = client.post("/concerns/new/", fields)
    assert failed.status_code == 503 and failed["Retry-After"]
    assert _counts() == before
    again = _resend_fields(failed.content.decode())
    assert again["submission_token"] == fields["submission_token"]
    assert again["description"] == fields["description"]
    first = client.post("/concerns/new/", again)
    second = client.post("/concerns/new/", again)  # a double click on Send again
    assert first.status_code == 200 and second.status_code == 200
    assert Concern.objects.count() == before[0] + 1
    assert Concern.objects.get().contact_email == "rosa@example.org"


@pytest.mark.parametrize("n", [1, 2])
def test_tip_form_survives_database_loss(client, city, n):
    page = client.get("/tips/new/").content.decode()
    fields = {
        "body": "A grey van at the corner every night.",
        "understood": "on",
        "submission_token": TOKEN_RE.search(page).group(1),
    }
    before = _counts()
    with connection.execute_wrapper(FailNthInsert(n)):
        failed = client.post("/tips/new/", fields)
    assert failed.status_code == 503
    assert _counts() == before
    again = _resend_fields(failed.content.decode())
    first = client.post("/tips/new/", again)
    assert first.status_code == 200 and re.search(
        r"[A-Z2-9]{5}-[A-Z2-9]{5}", first.content.decode()
    )
    client.post("/tips/new/", again)
    assert Tip.objects.count() == before[1] + 1


@pytest.mark.parametrize("n", [1, 2])
def test_tip_api_survives_database_loss(client, city, n):
    key = secrets.token_urlsafe(24)
    body = {"body": "The blue car parks at the school gate at 3am."}
    before = _counts()
    with connection.execute_wrapper(FailNthInsert(n)):
        failed = client.post("/api/v1/tips/", body, content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert failed.status_code == 503 and failed.json()["code"] == "database_unavailable"
    assert _counts() == before
    for _ in range(2):
        ok = client.post("/api/v1/tips/", body, content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
        assert ok.status_code == 201, ok.content
    assert Tip.objects.count() == before[1] + 1


def test_tipster_reply_survives_database_loss(client, city):
    submitted = tip_services.submit_tip(
        body="Cars racing on Elm at night", lon=IN_B111[0], lat=IN_B111[1]
    )
    before = _counts()
    with connection.execute_wrapper(FailNthInsert(1)):
        failed = client.post(
            reverse("tips:lookup"), {"code": submitted.code, "body": "Fridays, around 2am."}
        )
    assert failed.status_code == 503
    text = failed.content.decode()
    assert "nothing was saved" in text and submitted.code not in text  # never echoed
    assert _counts() == before
    ok = client.post(
        reverse("tips:lookup"), {"code": submitted.code, "body": "Fridays, around 2am."}
    )
    assert ok.status_code == 303
    assert TipMessage.objects.filter(tip=submitted.tip, from_tipster=True).count() == 1


def test_officer_writes_survive_database_loss(client_for, officer, city, categories):
    from beatbridge.concerns import services

    tip = tip_services.submit_tip(body="Cars racing", lon=IN_B111[0], lat=IN_B111[1]).tip
    concern = services.submit_concern(
        category=categories["noise"], description="Loud music", lon=IN_B111[0], lat=IN_B111[1]
    )
    staff = client_for(officer)
    before = _counts()
    with connection.execute_wrapper(FailNthInsert(1)):
        failed = staff.post(reverse("tips:reply", args=[tip.pk]), {"body": "Which nights?"})
    assert failed.status_code == 503 and _counts() == before
    assert (
        staff.post(reverse("tips:reply", args=[tip.pk]), {"body": "Which nights?"}).status_code
        == 302
    )
    assert TipMessage.objects.filter(tip=tip, from_tipster=False).count() == 1
    # A status change with its public note: the change, the note and the audit entry stand
    # or fall together, whichever of their INSERTs the connection dies on.
    url = reverse("concerns:action", args=[concern.pk, "acknowledge"])
    form = {"note": "We are looking into it."}
    updates = ConcernUpdate.objects.filter(concern=concern).count()  # its "submitted" entry
    for n in (1, 2):
        with connection.execute_wrapper(FailNthInsert(n)):
            failed = staff.post(url, form)
        assert failed.status_code == 503
        concern.refresh_from_db()
        assert concern.status == "submitted"
        assert ConcernUpdate.objects.filter(concern=concern).count() == updates
    assert staff.post(url, form).status_code == 302
    concern.refresh_from_db()
    assert concern.status == "acknowledged"
    assert ConcernUpdate.objects.filter(concern=concern).count() == updates + 1
