"""Sign-in is throttled per account and per client address, across processes (database)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client

LIMIT = settings.AXES_FAILURE_LIMIT


def _try(client, email, password="wrong-password-1", **headers):
    return client.post("/accounts/login/", {"username": email, "password": password}, **headers)


def _signed_in(client):
    return client.get("/accounts/profile/").status_code == 200


def test_thirty_wrong_passwords_lock_the_account(client, resident):
    statuses = [_try(client, resident.email).status_code for _ in range(30)]
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form says "wrong password"
    assert statuses[LIMIT - 1 :] == [429] * (31 - LIMIT)
    locked = _try(client, resident.email, "correct-horse-battery")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not _signed_in(client)


def test_the_account_stays_locked_from_other_addresses(resident):
    for i in range(LIMIT):
        _try(Client(REMOTE_ADDR=f"192.0.2.{i + 1}"), resident.email)
    other = Client(REMOTE_ADDR="198.51.100.99")
    assert _try(other, resident.email, "correct-horse-battery").status_code == 429
    assert not _signed_in(other)


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_one_address_trying_many_accounts_is_locked_despite_spoofed_forwarded_for(
    behind_proxy, settings, client, resident
):
    """Password spraying: a new email and a made-up X-Forwarded-For on every request."""
    if behind_proxy:  # beatbridge serve behind one TLS proxy
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.BEATBRIDGE_PROXY_COUNT = 1
    statuses = []
    for i in range(30):
        # The client writes the first hop; the (one) proxy appends what it saw.
        forwarded = f"203.0.113.{i + 1}, 198.51.100.7"
        response = _try(
            client, f"guess{i}@example.org", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1"
        )
        statuses.append(response.status_code)
    assert statuses[LIMIT - 1 :] == [429] * (31 - LIMIT)
    response = _try(
        client,
        resident.email,
        "correct-horse-battery",
        HTTP_X_FORWARDED_FOR="203.0.113.200, 198.51.100.7",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429
    assert not _signed_in(client)


def test_lockout_ends_after_the_cool_off(client, resident):
    for _ in range(LIMIT):
        _try(client, resident.email)
    assert _try(client, resident.email, "correct-horse-battery").status_code == 429
    # Let the cool-off pass: the failures are now older than it.
    past = dt.timedelta(minutes=1) + settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - past)
    response = _try(client, resident.email, "correct-horse-battery")
    assert response.status_code == 302
    assert _signed_in(client)
    assert not AccessAttempt.objects.exists()  # expired failures are forgotten


def test_failed_sign_ins_store_no_address_user_agent_or_password(resident):
    client = Client(REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="ProbeBrowser/1.0")
    _try(client, resident.email, "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == resident.email
    assert attempt.ip_address and "192.0.2.44" not in attempt.ip_address
    assert attempt.ip_address.startswith("fd")  # a keyed pseudonym, the same for each try
    assert attempt.user_agent == "" and attempt.http_accept == ""
    stored = " ".join(str(v) for v in AccessAttempt.objects.values().get().values())
    for secret in ("my-secret-guess", "192.0.2.44", "ProbeBrowser"):
        assert secret not in stored
    _try(client, resident.email)
    assert AccessAttempt.objects.get().failures_since_start == 2
    # A successful sign-in leaves no access log.
    _try(Client(), resident.email, "correct-horse-battery")
    assert not AccessLog.objects.exists()


def test_failed_sign_ins_are_forgotten_by_the_hourly_task(client, resident):
    from beatbridge.accounts.tasks import forget_old_login_failures

    _try(client, resident.email)
    assert forget_old_login_failures.call_local() == 0
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    assert forget_old_login_failures.call_local() == 1
    assert not AccessAttempt.objects.exists()


def test_basic_auth_is_not_accepted_by_the_api(client, officer, supervisor):
    import base64

    for user in (officer, supervisor):
        token = base64.b64encode(f"{user.email}:correct-horse-battery".encode()).decode()
        auth = {"HTTP_AUTHORIZATION": f"Basic {token}"}
        assert client.get("/api/v1/tips/", **auth).status_code in (401, 403)
        assert client.get("/api/v1/me/", **auth).status_code in (401, 403)


def test_no_api_endpoint_takes_basic_auth():
    from django.urls import get_resolver
    from rest_framework.authentication import BasicAuthentication

    def views(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from views(p.url_patterns)
            else:
                yield p.callback

    checked = 0
    for callback in views(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        classes = getattr(view_class, "authentication_classes", None)
        if classes is None:
            continue
        checked += 1
        assert not any(issubclass(c, BasicAuthentication) for c in classes), view_class
    assert checked > 10
