"""The tips REST API: anonymous submission, the tipster's conversation, officers' replies."""

from django.urls import reverse

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns.models import Tip, TipEvent, TipMessage

from .conftest import IN_B111
from .open311_helpers import fast_passwords  # noqa: F401


def _send(client, payload=None, **headers):
    data = {"body": "A man sells pills behind the laundromat", "lon": IN_B111[0], "lat": IN_B111[1]}
    data.update(payload or {})
    return client.post(
        reverse("api-tips"),
        data,
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="TipApp/1.0",
        **headers,
    )


def test_anonymous_api_tip(client, city):
    response = _send(client)
    assert response.status_code == 201
    body = response.json()
    assert body["is_anonymous"] is True and body["status"] == "new"
    assert "only way back" in body["notice"]
    tip = Tip.objects.get()
    assert tip.submitted_by is None and tip.contact == "" and tip.district == city["d1"]
    assert tip.received_hour.minute == 0 and tip.received_hour.second == 0
    assert response["Cache-Control"] == "no-store"
    assert not ActivityEntry.objects.filter(target_id=str(tip.pk)).exists()
    entry = TipEvent.objects.get(tip=tip)
    assert entry.actor is None and entry.created_at == tip.received_hour


def test_identified_api_tip(client_for, resident, city):
    response = _send(client_for(resident), {"identify": True, "contact": "call me: 555"})
    assert response.status_code == 201
    tip = Tip.objects.get()
    assert tip.submitted_by == resident and tip.contact == "call me: 555"
    assert tip.is_anonymous is False


def test_bad_input_is_400_with_field_errors(client, city):
    response = _send(client, {"body": "", "lon": 500, "category": "no-such"})
    assert response.status_code == 400
    errors = response.json()
    assert {"body", "lon", "category"} <= set(errors)
    response = _send(client, {"lat": None})
    assert response.status_code == 400 and "location" in response.json()
    assert Tip.objects.count() == 0


def test_idempotency_key_replays_the_tip_without_the_code(client, city):
    """More in test_tip_idempotency.py."""
    key = "3f1c9b3e0d6a4c1f9e2b7a5d8c4f1e0b"
    first = _send(client, HTTP_IDEMPOTENCY_KEY=key)
    second = _send(client, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] and second.json()["code"] is None
    assert second["Idempotent-Replayed"] == "true"
    assert Tip.objects.count() == 1
    other = _send(client, HTTP_IDEMPOTENCY_KEY="9b2e7c4a1f6d3e8b5a0c7f2d4e9b1a6c")
    assert other.json()["code"] != first.json()["code"]
    assert Tip.objects.count() == 2
    assert _send(client, HTTP_IDEMPOTENCY_KEY="another-key").status_code == 400


def test_rate_limit_429_with_retry_after(client, city, settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "ANON_RATE_LIMIT": "1/hour"}
    assert _send(client).status_code == 201
    response = _send(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Tip.objects.count() == 1


def test_conversation_over_the_api(client, client_for, officer, city):
    code = _send(client).json()["code"]
    tip = Tip.objects.get()
    staff = client_for(officer)
    reply = staff.post(
        reverse("api-tip-messages", args=[tip.pk]),
        {"body": "What color car?"},
        content_type="application/json",
    )
    assert reply.status_code == 201 and reply.json()["author"] == "Officer Olivia"
    # The tipster reads with the code in a header ...
    read = client.get(reverse("api-tip-conversation"), HTTP_X_TIP_CODE=code)
    assert read.status_code == 200
    data = read.json()
    assert data["body"].startswith("A man sells pills")
    assert [m["body"] for m in data["messages"]] == ["What color car?"]
    assert data["messages"][0]["sender"] == "police" and "author" not in data["messages"][0]
    # ... or in the body, and replies.
    answer = client.post(
        reverse("api-tip-conversation"),
        {"code": code, "body": "Red sedan"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert [m["sender"] for m in answer.json()["messages"]] == ["police", "tipster"]
    assert TipMessage.objects.get(from_tipster=True).author is None
    read_by_body = client.post(
        reverse("api-tip-conversation"), {"code": code}, content_type="application/json"
    )
    assert read_by_body.status_code == 200 and len(read_by_body.json()["messages"]) == 2
    # The officer sees it, with a read logged.
    detail = staff.get(reverse("api-tip", args=[tip.pk])).json()
    assert [m["body"] for m in detail["messages"]] == ["What color car?", "Red sedan"]


def test_wrong_or_missing_code(client, city):
    _send(client)
    missing = client.get(reverse("api-tip-conversation"))
    assert missing.status_code == 400 and "code" in missing.json()
    wrong = client.get(reverse("api-tip-conversation"), HTTP_X_TIP_CODE="AAAAA-AAAAA-AAAAA-AAAAA")
    assert wrong.status_code == 400
    assert "No tip matches this code" in wrong.json()["code"][0]
    empty_reply = client.post(
        reverse("api-tip-conversation"),
        {"code": "AAAAA-AAAAA-AAAAA-AAAAA", "body": "hi"},
        content_type="application/json",
    )
    assert empty_reply.status_code == 400


def test_staff_patch_status_and_bad_status(client, client_for, officer, supervisor, city):
    _send(client)
    tip = Tip.objects.get()
    staff = client_for(officer)
    ok = staff.patch(
        reverse("api-tip", args=[tip.pk]), {"status": "acted_on"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "acted_on"
    bad = staff.patch(
        reverse("api-tip", args=[tip.pk]), {"status": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "status" in bad.json()
    # Routing is for supervisors only.
    refused = staff.patch(
        reverse("api-tip", args=[tip.pk]), {"district": "2"}, content_type="application/json"
    )
    assert refused.status_code == 403
    routed = client_for(supervisor).patch(
        reverse("api-tip", args=[tip.pk]), {"district": "2"}, content_type="application/json"
    )
    assert routed.status_code == 200 and routed.json()["district"] == "2"
    empty = staff.post(
        reverse("api-tip-messages", args=[tip.pk]), {"body": ""}, content_type="application/json"
    )
    assert empty.status_code == 404  # the tip moved to district 2: no longer this officer's


def test_list_filter_by_status(client, client_for, supervisor, city):
    _send(client)
    boss = client_for(supervisor)
    assert len(boss.get(reverse("api-tips"), {"status": "new"}).json()["results"]) == 1
    assert boss.get(reverse("api-tips"), {"status": "closed"}).json()["results"] == []
    assert boss.get(reverse("api-tips"), {"status": "weird"}).status_code == 400


def test_demo_tips_are_idempotent(city, officer):
    from beatbridge.concerns.tips.demo import load_demo_tips

    lines: list[str] = []
    assert load_demo_tips(lines.append) == 3
    assert load_demo_tips(lines.append) == 0
    assert Tip.objects.count() == 3
    assert TipMessage.objects.count() == 2
    assert all(t.district == city["d1"] for t in Tip.objects.all())


def test_unstorable_characters(client, city):
    response = client.post(
        reverse("api-tips"),
        '{"body": "abc\\ud800def", "location_text": "x\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"body", "location_text"} <= set(response.json())
    # Called directly, the verb drops what no database can store.
    from beatbridge.concerns.tips import services

    tip = services.submit_tip(body="abc\ud800d\x00ef", location_text="x\x00").tip
    assert tip.body == "abcdef" and tip.location_text == "x"
