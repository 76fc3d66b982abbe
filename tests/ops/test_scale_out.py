"""docs/deploy.md's "several processes" set-up, on loopback: two `beatbridge serve` web
processes against one database, Redis for the cache and the Huey queue, and a separate
`beatbridge run_huey` consumer.

What must hold: a concern sent to one process is read from the other; the e-mail it causes is
queued in Redis by the web process and sent by the consumer alone; a session made on one
process is honoured by the other; areas imported by a third process (the CLI) are used by
both web processes within the recheck interval, with no restart; /healthz reports the queue.

Runs on the suite's database engine: on PostgreSQL a throw-away database on the same server,
on SQLite a file shared by the processes. Skipped without ``redis-server`` and the ``redis``
package unless BEATBRIDGE_REQUIRE_SCALEOUT=1 (CI sets it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..web.test_serve_logs import HOST, Browser, _beatbridge, _env, _free_port

REQUIRED = os.environ.get("BEATBRIDGE_REQUIRE_SCALEOUT") == "1"
MISSING = [
    what
    for what, found in [
        ("redis-server", shutil.which("redis-server")),
        ("the redis package", importlib.util.find_spec("redis")),
        ("gunicorn", importlib.util.find_spec("gunicorn")),
    ]
    if not found
]
if MISSING and REQUIRED:
    raise RuntimeError(f"BEATBRIDGE_REQUIRE_SCALEOUT=1 but {', '.join(MISSING)} missing")
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"{', '.join(MISSING)} not installed")


def _square(code: str, name: str, x0: float) -> dict:
    ring = [[x0, 41.80], [x0 + 0.01, 41.80], [x0 + 0.01, 41.81], [x0, 41.81], [x0, 41.80]]
    return {
        "type": "Feature",
        "properties": {"CODE": code, "NAME": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _areas_file(path: Path, *features: dict) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


@contextmanager
def _redis(tmp: Path):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - a local redis-server on loopback
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(host=HOST, port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def _database(data_dir: Path):
    """A database URL for the processes: a fresh PostgreSQL database, or a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{data_dir / 'shared.sqlite3'}"
        return
    import psycopg

    name = f"bb_scaleout_{uuid.uuid4().hex[:10]}"
    base, _, _ = url.rpartition("/")
    admin = f"{base}/postgres"  # the maintenance database: the suite's may not exist yet
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _process(argv: list[str], env: dict, out: Path, ready=None):
    log = out.open("wb")
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "beatbridge.cli", *argv], env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 60
        while ready is not None:
            assert proc.poll() is None, out.read_text()
            try:
                if ready():
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"{argv[0]} did not start: {out.read_text()}"
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _web(env: dict, out: Path):
    port = _free_port()
    browser = Browser(port)
    argv = ["serve", "--bind", f"{HOST}:{port}", "--workers", "2", "--no-migrate"]
    return _process(
        argv, env, out, ready=lambda: browser.request("GET", "/healthz")[0] == 200
    ), browser


def _json(browser: Browser, method: str, path: str, body: dict | None = None):
    import http.client

    conn = http.client.HTTPConnection(HOST, browser.port, timeout=15)
    try:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def _until(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.25)


def _submit(browser: Browser, lon: float, email: str = "") -> dict:
    status, body = _json(
        browser,
        "POST",
        "/api/v1/concerns/",
        {
            "category": "noise",
            "description": "Loud music every night after midnight.",
            "lon": lon,
            "lat": 41.805,
            "contact_email": email,
        },
    )
    assert status == 201, body
    return body


def test_two_web_processes_one_consumer_share_everything(tmp_path):
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    with _redis(tmp_path) as redis_port, _database(data_dir) as db_url:
        env = _env(
            data_dir,
            DATABASE_URL=db_url,
            CACHE_URL=f"redis://{HOST}:{redis_port}/1",
            HUEY_REDIS_URL=f"redis://{HOST}:{redis_port}/2",
            EMAIL_URL="filemail://",
            RECHECK_SECONDS="1",
        )
        outbox = data_dir / "outbox"
        _beatbridge("migrate", "--verbosity", "0", env=env)
        first = _areas_file(tmp_path / "a.geojson", _square("A", "Alder", -87.70))
        args = ["--kind", "neighborhood", "--code-field", "CODE", "--name-field", "NAME"]
        _beatbridge("import_areas", str(first), *args, env=env)
        _beatbridge(
            "shell", "--no-imports", "-c",
            "from beatbridge.accounts.models import User;"
            "User.objects.create_user(email='rosa@example.org', password='a long pass 4 words',"
            " display_name='Rosa Twoprocess')",
            env=env,
        )  # fmt: skip
        web_a, one = _web(env, logs / "web-a.log")
        web_b, two = _web(env, logs / "web-b.log")
        with web_a, web_b:
            # Each process answers /healthz with the shared queue up.
            for browser in (one, two):
                status, health = _json(browser, "GET", "/healthz")
                assert status == 200 and health["queue"] == "ok", health
            # Written on one process, read on the other.
            concern = _submit(one, -87.695, email="reporter@example.org")
            assert concern["neighborhood"] == "A"
            status, read = _json(two, "GET", f"/api/v1/concerns/{concern['id']}/")
            assert status == 200 and read["description"] == concern["description"]
            assert _submit(two, -87.695)["neighborhood"] == "A"  # process two's locator warm
            # The confirmation is queued in Redis: no web process sends it...
            time.sleep(1.5)
            assert not outbox.exists() or not any(outbox.iterdir())
            # ...the consumer does, once.
            with _process(["run_huey", "--workers", "1"], env, logs / "huey.log"):
                sent = _until(lambda: list(outbox.glob("*")) if outbox.exists() else [])
                time.sleep(1.0)
                texts = [p.read_text() for p in outbox.glob("*")]
            mails = [t for t in texts if f"We received your concern #{concern['id']}" in t]
            assert sent and len(mails) == 1, texts
            # A session made on one process holds on the other.
            status, _page = one.post_form(
                "/accounts/login/",
                {"username": "rosa@example.org", "password": "a long pass 4 words"},
            )
            assert status == 302, _page
            two.cookies = dict(one.cookies)  # the same visitor, sent to the other process
            status, page = two.request("GET", "/accounts/profile/")
            assert status == 200 and "Rosa Twoprocess" in page, status
            # Areas imported by another process reach both web processes without a restart.
            second = _areas_file(tmp_path / "b.geojson", _square("B", "Birch", -87.68))
            _beatbridge("import_areas", str(second), *args, env=env)
            for browser in (one, two):
                placed = _until(lambda b=browser: _submit(b, -87.675)["neighborhood"] == "B", 10)
                assert placed
            status, listing = _json(one, "GET", "/api/v1/concerns/?neighborhood=B")
            assert status == 200 and listing["count"] >= 2
