"""Secret links carry the tip code or tracking token in the URL fragment, which the server
never receives: the page's form takes it by POST. Old path links still open. Every tracking
page is private (no-store, strict-origin referrer), every look-up of a token counts against
a per-client limit (429), and every log masks secret path segments and client addresses."""

import io
import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from beatbridge.concerns import links, services
from beatbridge.concerns.models import ConcernStatus, TipMessage
from beatbridge.concerns.tips import services as tip_services
from beatbridge.web.logmask import MaskSecrets, mask

from .conftest import IN_B111

CODE = "ABCDE-FGHJK-LMNPQ-RSTUV"
TOKEN = "q3Zr8Y1kdP0xw2Lm9VbN4cTg7HsJ5fAe"
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


@pytest.fixture
def concern(make_concern):
    return make_concern(description="Streetlight out on Elm")


@pytest.fixture
def tip_and_code(city):
    submitted = tip_services.submit_tip(body="Cars racing on Elm", lon=IN_B111[0], lat=IN_B111[1])
    return submitted.tip, submitted.code


# --- Links -------------------------------------------------------------------------------


def test_links_put_the_secret_in_the_fragment(settings):
    settings.SITE_URL = "https://safety.example.gov/"
    assert links.tracking_path(TOKEN) == f"/concerns/track/#{TOKEN}"
    assert links.tracking_path(TOKEN, "fixed") == f"/concerns/track/fixed/#{TOKEN}"
    assert links.tip_code_path(CODE) == f"/tips/c/#{CODE}"
    assert links.absolute("/x/") == "https://safety.example.gov/x/"


def test_tip_submitted_page_hands_out_the_fragment_link(client, city):
    page = client.get(reverse("tips:new")).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("tips:new"),
        {"body": "The van again.", "understood": "on", "submission_token": token},
    )
    html = response.content.decode()
    code = re.search(r"[A-Z2-9]{5}(?:-[A-Z2-9]{5}){3}", html).group(0)
    assert f"http://testserver/tips/c/#{code}" in html
    assert f"/tips/c/{code}" not in html
    # The copy button is wired by the external script: no inline code (strict CSP).
    assert all(m["body"].strip() == "" and "src=" in m["attrs"] for m in SCRIPT.finditer(html))


@pytest.mark.parametrize(("url", "field"), [("/tips/c/", "code"), ("/concerns/track/", "token")])
def test_link_pages_have_a_form_the_external_script_fills(client, city, url, field):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-secret-field="{field}"' in html and f'name="{field}"' in html
    assert 'src="/static/concerns/secret-links.js"' in html
    assert all(m["body"].strip() == "" for m in SCRIPT.finditer(html))
    assert response["Cache-Control"] == "no-store"


# --- The tracking page by POST ------------------------------------------------------------


def test_token_by_post_opens_the_page_without_a_session(client, concern):
    response = client.post("/concerns/track/", {"token": concern.tracking_token})
    html = response.content.decode()
    assert response.status_code == 200 and "Streetlight out on Elm" in html
    # The forms on the page carry the token in a hidden field, never in their action.
    assert f'name="token" value="{concern.tracking_token}"' in html
    assert f"/concerns/track/{concern.tracking_token}/" not in html
    assert Session.objects.count() == 0


@pytest.mark.parametrize(
    "pasted",
    [
        "{token}",
        "  {token}  ",
        "https://safety.example.gov/concerns/track/#{token}",
        "https://safety.example.gov/concerns/track/{token}/",
    ],
)
def test_a_pasted_link_or_token_opens_the_page(client, concern, pasted):
    response = client.post(
        "/concerns/track/", {"token": pasted.format(token=concern.tracking_token)}
    )
    assert response.status_code == 200
    assert "Streetlight out on Elm" in response.content.decode()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "This field is required"),
        ("not a token!", "That is not a tracking link"),
        ("x" * 65, "That is not a tracking link"),
        (TOKEN, "No concern matches this link"),
    ],
)
def test_bad_or_wrong_token_is_a_form_error(client, concern, token, message):
    response = client.post("/concerns/track/", {"token": token})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Streetlight" not in html


def test_reply_without_a_token_changes_nothing(client, concern):
    response = client.post("/concerns/track/reply/", {"text": "Hello"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not concern.updates.filter(text="Hello").exists()


def test_old_links_still_work(client, concern, officer):
    token = concern.tracking_token
    assert "Streetlight" in client.get(f"/concerns/track/{token}/").content.decode()
    submitted = client.get(f"/concerns/track/{token}/submitted/").content.decode()
    assert f"/concerns/track/#{token}" in submitted
    assert client.post(f"/concerns/track/{token}/reply/", {"text": "Still dark"}).status_code == 200
    assert concern.updates.filter(text="Still dark").exists()
    services.resolve_concern(concern, by=officer)
    assert client.post(f"/concerns/track/{token}/reopen/", {"note": "Back"}).status_code == 200
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED
    assert client.get(f"/concerns/track/{TOKEN}/").status_code == 404


def test_a_resent_reply_is_stored_once(client, concern):
    """The tracking page answers a POST, so a refresh resends the form: one reply is kept."""
    from beatbridge.concerns.models import ConcernUpdate, UpdateKind

    data = {"token": concern.tracking_token, "text": "The light is still out"}
    for _ in range(2):
        response = client.post("/concerns/track/reply/", data)
        assert response.status_code == 200
        assert "The light is still out" in response.content.decode()
    client.post("/concerns/track/reply/", {**data, "text": "And now the other one"})
    replies = ConcernUpdate.objects.filter(concern=concern, kind=UpdateKind.SUBMITTER_REPLY)
    assert sorted(replies.values_list("text", flat=True)) == [
        "And now the other one",
        "The light is still out",
    ]


def _tracking_responses(client, concern, officer):
    token = concern.tracking_token
    yield "form", client.get("/concerns/track/")
    yield "open", client.post("/concerns/track/", {"token": token})
    yield "wrong", client.post("/concerns/track/", {"token": TOKEN})
    yield "reply", client.post("/concerns/track/reply/", {"token": token, "text": "Hi"})
    yield "bad reply", client.post("/concerns/track/reply/", {"token": token, "text": ""})
    yield "fixed form", client.get("/concerns/track/fixed/")
    yield "fixed", client.post("/concerns/track/fixed/", {"token": token})
    yield "old link", client.get(f"/concerns/track/{token}/")
    yield "old wrong", client.get(f"/concerns/track/{TOKEN}/")
    yield "old submitted", client.get(f"/concerns/track/{token}/submitted/")
    yield "old fixed", client.get(f"/concerns/track/{token}/fixed/")
    services.resolve_concern(concern, by=officer)
    yield "reopen", client.post("/concerns/track/reopen/", {"token": token, "note": "Back"})


def test_every_tracking_page_is_private(client, concern, officer):
    """Item 11: the stylesheet request of a tracking page leaked the token in Referer."""
    for name, response in _tracking_responses(client, concern, officer):
        assert response.status_code in (200, 400, 404), name
        assert response["Cache-Control"] == "no-store", name
        assert response["Referrer-Policy"] == "strict-origin", name
        assert getattr(response, "_has_been_logged", False), name  # no django.request line
        assert '<meta name="referrer" content="strict-origin">' in response.content.decode(), name


def test_thank_you_page_after_reporting_is_private(client, city, categories):
    page = client.get("/concerns/new/").content.decode()
    submission = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/concerns/new/",
        {
            "category": categories["noise"].pk,
            "description": "Loud",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "submission_token": submission,
        },
    )
    assert response.status_code == 200  # not a redirect to a URL holding the token
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert "/concerns/track/#" in response.content.decode()


# --- Throttling ---------------------------------------------------------------------------


def test_tracking_token_guesses_are_throttled(client, concern, monkeypatch):
    monkeypatch.setattr(links, "TRACKING_ATTEMPTS_RATE", "3/hour")
    for _ in range(3):
        assert client.post("/concerns/track/", {"token": TOKEN}).status_code == 400
    # Once over the limit even the right token is refused: guessing learns nothing.
    for response in (
        client.post("/concerns/track/", {"token": concern.tracking_token}),
        client.get(f"/concerns/track/{concern.tracking_token}/"),
        client.post("/concerns/track/reply/", {"token": concern.tracking_token, "text": "x"}),
    ):
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "Too many tries" in response.content.decode()
        assert "Streetlight" not in response.content.decode()
    assert not concern.updates.filter(text="x").exists()


def test_tracking_token_guesses_on_the_api_are_throttled(client, concern, officer, monkeypatch):
    monkeypatch.setattr(links, "TRACKING_ATTEMPTS_RATE", "2/hour")
    services.resolve_concern(concern, by=officer)
    url = f"/api/v1/concerns/{concern.pk}/reopen/"
    assert client.post(url, {"note": "x", "tracking_token": TOKEN}).status_code == 403
    assert client.post(url, {"note": "x", "tracking_token": TOKEN + "a"}).status_code == 403
    response = client.post(url, {"note": "x", "tracking_token": concern.tracking_token})
    assert response.status_code == 429
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED


def test_a_throttled_tip_code_cannot_reply(client, tip_and_code, monkeypatch):
    _tip, code = tip_and_code
    monkeypatch.setattr(tip_services, "CODE_ATTEMPTS_RATE", "2/hour")
    for _ in range(2):
        client.post(reverse("tips:lookup"), {"code": CODE})
    response = client.post(reverse("tips:lookup"), {"code": code, "body": "A guess that fits"})
    assert response.status_code == 429
    assert TipMessage.objects.count() == 0
    assert client.get(reverse("tips:code_link", args=[code])).status_code == 429


# --- Logs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"GET /tips/c/{CODE}/ HTTP/1.1", "GET /tips/c/***/ HTTP/1.1"),
        (f"Not Found: /es/tips/c/{CODE}/x", "Not Found: /es/tips/c/***/x"),
        (f"/concerns/track/{TOKEN}/reply/", "/concerns/track/***/reply/"),
        (f"https://x.org/concerns/track/{TOKEN}/", "https://x.org/concerns/track/***/"),
        ("POST /concerns/track/reply/ HTTP/1.1", "POST /concerns/track/reply/ HTTP/1.1"),
        ("GET /concerns/track/fixed/ HTTP/1.1", "GET /concerns/track/fixed/ HTTP/1.1"),
        ("GET /tips/c/ HTTP/1.1", "GET /tips/c/ HTTP/1.1"),
        (f"GET /x/?token={TOKEN}&a=1", "GET /x/?token=***&a=1"),
        (
            f"GET /meetings/rsvp/confirm/{TOKEN}/ HTTP/1.1",
            "GET /meetings/rsvp/confirm/***/ HTTP/1.1",
        ),
        (f"GET /es/meetings/rsvp/{TOKEN}/ HTTP/1.1", "GET /es/meetings/rsvp/***/ HTTP/1.1"),
        ("GET /meetings/rsvp/confirm/ HTTP/1.1", "GET /meetings/rsvp/confirm/ HTTP/1.1"),
        (f"GET /accounts/signup/confirm/{TOKEN}/", "GET /accounts/signup/confirm/***/"),
        ("GET /accounts/password-reset/MQ/cx2-9f1e2d/", "GET /accounts/password-reset/***/***/"),
        (
            "GET /accounts/password-reset/sent/ HTTP/1.1",
            "GET /accounts/password-reset/sent/ HTTP/1.1",
        ),
        ("Invalid request from ip=203.0.113.7: bad", "Invalid request from ip=-: bad"),
        ("- Broken pipe from ('203.0.113.7', 51234)", "- Broken pipe from -"),
    ],
)
def test_mask(line, masked):
    assert mask(line) == masked


def test_filter_masks_message_arguments_and_tracebacks():
    try:
        raise ValueError(f"bad path /tips/c/{CODE}/")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Error: %s",
            (f"/tips/c/{CODE}/",),
            sys.exc_info(),
        )
    record.request = object()
    assert MaskSecrets().filter(record) is True
    text = logging.Formatter().format(record)
    assert CODE not in text and "/tips/c/***/" in text
    assert record.request is None  # handlers cannot print the request's address, user agent


@pytest.mark.parametrize(
    ("logger", "args"),
    [
        ("django.request", ("Not Found: %s", f"/concerns/track/{TOKEN}/x")),
        ("django.security.csrf", ("Forbidden (%s): %s", "CSRF", f"/tips/c/{CODE}/")),
        ("django.server", ('"%s" %s %s', f"GET /tips/c/{CODE}/ HTTP/1.1", "200", "512")),
        ("django.server", ("- Broken pipe from %s", ("203.0.113.7", 51234))),
    ],
)
def test_django_log_handlers_mask_secrets_and_addresses(logger, args):
    """The handlers settings.LOGGING installs (also the demo's runserver request lines)."""
    log = logging.getLogger(logger)
    handlers = [h for h in (log.handlers or logging.getLogger().handlers) if h.filters]
    assert handlers and all(isinstance(f, MaskSecrets) for h in handlers for f in h.filters)
    streams = [h.setStream(io.StringIO()) for h in handlers]
    try:
        log.warning(*args)
        written = "".join(h.stream.getvalue() for h in handlers)
    finally:
        for h, stream in zip(handlers, streams, strict=True):
            h.setStream(stream)
    assert written
    for secret in (CODE, TOKEN, "203.0.113.7"):
        assert secret not in written
