"""Anonymous submissions are rate limited per client: 429 with Retry-After."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beatbridge.concerns.models import Concern
from beatbridge.concerns.ratelimit import parse_rate

from .conftest import IN_B111

DATA = {"category": "noise", "description": "Loud", "lat": IN_B111[1], "lon": IN_B111[0]}


@pytest.fixture
def two_per_hour(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "ANON_RATE_LIMIT": "2/hour"}


def test_api_anonymous_limit(client, city, categories, two_per_hour):
    codes = [client.post("/api/v1/concerns/", DATA).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    response = client.post("/api/v1/concerns/", DATA)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert Concern.objects.count() == 2
    other_client = client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="10.9.9.9")
    assert other_client.status_code == 201


def test_signed_in_users_are_not_limited(client_for, city, categories, resident, two_per_hour):
    c = client_for(resident)
    assert [c.post("/api/v1/concerns/", DATA).status_code for _ in range(3)] == [201] * 3


def test_web_form_limit_shows_a_clear_message(client, city, categories, two_per_hour):
    def submit(n):
        return client.post(
            "/concerns/new/",
            {
                "category": categories["noise"].pk,
                "description": "Loud",
                "lat": IN_B111[1],
                "lon": IN_B111[0],
                "submission_token": secrets.token_urlsafe(16),
            },
        )

    assert [submit(n).status_code in (200, 302) for n in range(2)] == [True, True]
    assert Concern.objects.count() == 2
    response = submit(3)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many reports from this connection" in response.content.decode()


def test_no_ip_is_stored_with_the_concern(client, city, categories):
    client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="203.0.113.77")
    row = Concern.objects.values().get()
    assert "203.0.113.77" not in str(row)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("20/hour", (20, 3600)), ("5/min", (5, 60)), ("100/day", (100, 86400)), ("3/10min", (3, 600))],
)
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


def test_parse_rate_refuses_nonsense():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


def test_anonymous_support_is_limited(client, make_concern, two_per_hour):
    concerns = [make_concern() for _ in range(3)]
    codes = [
        client.__class__().post(f"/api/v1/concerns/{c.pk}/support/").status_code for c in concerns
    ]
    assert codes == [200, 200, 429]


# --- Whose address counts (item 5 of the probe: a spoofed X-Forwarded-For reset the limit) --


def _request(remote="10.0.0.1", forwarded=None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # no trusted proxy: the header is the client's word
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client wrote 6.6.6.6
        (2, "6.6.6.6, 198.51.100.1, 192.168.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1"),  # shorter than the proxy chain: not through it
        (1, None, "10.0.0.1"),
        (1, " , ", "10.0.0.1"),
    ],
)
def test_client_ip_takes_the_hop_the_trusted_proxy_appended(settings, proxies, forwarded, expected):
    from beatbridge.concerns.ratelimit import client_ip

    settings.BEATBRIDGE_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_a_negative_proxy_count_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    from beatbridge.concerns.ratelimit import client_ip

    settings.BEATBRIDGE_PROXY_COUNT = -1
    with pytest.raises(ImproperlyConfigured):
        client_ip(_request())


def test_spoofed_forwarded_for_does_not_reset_the_limit(client, city, categories, settings):
    """Behind one TLS proxy, a client writing a new X-Forwarded-For each time still counts
    as the address the proxy appended."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.BEATBRIDGE_PROXY_COUNT = 1
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "ANON_RATE_LIMIT": "2/hour"}
    codes = [
        client.post(
            "/api/v1/concerns/",
            DATA,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7",
        ).status_code
        for n in range(4)
    ]
    assert codes == [201, 201, 429, 429]
    other = client.post(
        "/api/v1/concerns/", DATA, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 201  # another client behind the same proxy has its own count


def test_seventy_wrong_tip_codes_meet_a_429_despite_spoofed_forwarded_for(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.BEATBRIDGE_PROXY_COUNT = 1
    statuses = [
        client.get(
            "/api/v1/tips/conversation/",
            HTTP_X_TIP_CODE="AAAAA-AAAAA-AAAAA-AAAAA",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}, 198.51.100.7",
        ).status_code
        for n in range(70)
    ]
    assert 429 in statuses[:69]
    assert statuses.index(429) == 60  # CODE_ATTEMPTS_RATE is 60/hour
    assert set(statuses[60:]) == {429}


def test_ipv6_clients_count_by_their_64_network(client, city, categories, two_per_hour):
    codes = [
        client.post("/api/v1/concerns/", DATA, REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 4)
    ]
    assert codes == [201, 201, 429]
    other = client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="2001:db8:1:3::1")
    assert other.status_code == 201


# --- What is stored ----------------------------------------------------------------------


def test_counters_hold_no_address_and_cannot_be_linked_across_scopes(client, city, categories):
    from beatbridge.concerns.models import RateLimitHit

    client.post("/api/v1/concerns/", DATA, REMOTE_ADDR="203.0.113.77")
    client.post("/api/v1/tips/", {"body": "A tip"}, REMOTE_ADDR="203.0.113.77")
    rows = list(RateLimitHit.objects.values())
    assert {row["scope"] for row in rows} == {"concern-submit", "tip"}
    assert all(row["count"] == 1 for row in rows)
    assert "203.0.113.77" not in str(rows)
    # The same client's rows in two scopes share nothing that links them.
    assert len({row["client"] for row in rows}) == 2


def test_finished_windows_are_pruned(db):
    from beatbridge.concerns import ratelimit
    from beatbridge.concerns.models import RateLimitHit

    ratelimit.hit(_request(), "tip", "5/hour")
    assert RateLimitHit.objects.count() == 1
    assert ratelimit.prune() == 0
    assert ratelimit.prune(time.time() + 3601) == 1
    assert not RateLimitHit.objects.exists()


def test_the_count_does_not_live_in_the_cache(db):
    """Every process has its own local-memory cache: the count must not depend on it."""
    from django.core.cache import cache

    from beatbridge.concerns import ratelimit

    request = _request()
    assert [ratelimit.hit(request, "tip", "2/hour") for _ in range(2)] == [None, None]
    cache.clear()  # what another worker process sees
    assert ratelimit.hit(request, "tip", "2/hour") is not None


# --- Two worker processes share one limit -------------------------------------------------


def _wait_clear_of_window_edge(period=3600, margin=90):
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 1)


def _run_workers(tmp_path, mode, per_worker, rate="20/hour"):
    """Two processes (each with its own local-memory cache, as two gunicorn workers have)
    send ``per_worker`` requests at once against one SQLite database."""
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "BEATBRIDGE_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'beatbridge.sqlite3'}",
        "CACHE_URL": "locmemcache://per-process",
        "ANON_RATE_LIMIT": rate,
        "DEBUG": "false",
        "BEATBRIDGE_HTTPS": "false",
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "test-secret-key-for-two-workers-" + "x" * 40,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2] / "src"), *sys.path]),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "beatbridge.cli", "migrate", "--verbosity", "0"],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    go = tmp_path / "go"
    worker = Path(__file__).with_name("ratelimit_worker.py")
    procs = [
        subprocess.Popen(
            [sys.executable, str(worker), mode, str(per_worker), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)
    _wait_clear_of_window_edge()
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(int(out.strip().splitlines()[-1]))
    return results


def test_thirty_tips_across_two_workers_accept_only_twenty(tmp_path):
    accepted = _run_workers(tmp_path, "tips", 15)
    assert sum(accepted) == 20, accepted


def test_wrong_codes_across_two_workers_meet_the_limit(tmp_path):
    allowed = _run_workers(tmp_path, "codes", 35)
    assert sum(allowed) == 60, allowed  # CODE_ATTEMPTS_RATE: 70 tries, 60 answered, 10 x 429
