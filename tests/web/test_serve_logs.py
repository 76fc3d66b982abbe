"""`beatbridge serve` as an operator runs it (gunicorn, DEBUG off, a fresh data directory):
nothing it writes identifies a visitor or holds a tip code or tracking token, and what it
creates in the data directory is private to its user (mode 0600 files, 0700 directories).

The probe of issue 16 found the client address, the user agent and the secret path of every
request in gunicorn's access log. Here a tipster sends a tip, opens the conversation with the
old path link and with the form, and a resident opens a tracking link the old way and the new
way, all with a distinctive user agent and X-Forwarded-For; then every byte the server wrote
(stdout, stderr, every file under the data directory) is searched.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed"
)

HOST = "127.0.0.1"
USER_AGENT = "ProbeAgent/7.3 (tipster-ua-8b1f)"
FORWARDED_FOR = "203.0.113.77"
CODE_RE = re.compile(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_RE = re.compile(r'name="submission_token" value="([^"]+)"')
# Settings that would point the server away from its own data directory.
FOREIGN_ENV = (
    "DATABASE_URL",
    "CACHE_URL",
    "HUEY_REDIS_URL",
    "EMAIL_URL",
    "MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "ACCESS_LOG",
    "GUNICORN_CMD_ARGS",
    "DEBUG",
    "LOG_LEVEL",
    "HUEY_IMMEDIATE",
)


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    env.update(
        BEATBRIDGE_DATA_DIR=str(data_dir),
        BEATBRIDGE_HTTPS="false",
        ALLOWED_HOSTS=HOST,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def _beatbridge(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "beatbridge.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Browser:
    """A tiny HTTP client: keeps cookies, sends the probe's user agent and X-Forwarded-For."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"User-Agent": USER_AGENT, "X-Forwarded-For": FORWARDED_FOR}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def post_form(self, path: str, fields: dict) -> tuple[int, str]:
        """GET the page, then POST ``fields`` with its CSRF token (like a browser would)."""
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        data = {"csrfmiddlewaretoken": CSRF_RE.search(page).group(1), **fields}
        if "submission_token" in page and "submission_token" not in fields:
            data["submission_token"] = SUBMISSION_RE.search(page).group(1)
        return self.request("POST", path, data)


@contextmanager
def _serving(data_dir: Path, out_dir: Path, name: str, *extra: str, **env: str):
    port = _free_port()
    stdout = (out_dir / f"{name}.stdout").open("wb")
    stderr = (out_dir / f"{name}.stderr").open("wb")
    argv = [sys.executable, "-m", "beatbridge.cli", "serve", "--bind", f"{HOST}:{port}"]
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [*argv, "--workers", "1", "--no-migrate", *extra],
        env=_env(data_dir, **env),
        stdout=stdout,
        stderr=stderr,
    )
    try:
        browser = Browser(port)
        deadline = time.monotonic() + 40
        while True:
            assert server.poll() is None, (out_dir / f"{name}.stderr").read_text()
            try:
                if browser.request("GET", "/tips/c/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "beatbridge serve did not start"
            time.sleep(0.2)
        yield browser, port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        stdout.close()
        stderr.close()


def _visit_as_tipster_and_resident(browser: Browser, token: str) -> dict[str, str]:
    """The probe's journey; returns the secrets it used."""
    status, page = browser.post_form(
        "/tips/new/", {"body": "A grey van at the corner every night.", "understood": "on"}
    )
    assert status == 200, page
    code = CODE_RE.search(page).group(0)
    assert f"/tips/c/#{code}" in page  # the link handed out carries the code in the fragment
    # The old secret link (code in the path), and the form the new link fills and posts.
    status, page = browser.request("GET", f"/tips/c/{code}/")
    assert status == 200 and "A grey van" in page
    status, page = browser.post_form("/tips/c/", {"code": code})
    assert status == 200 and "A grey van" in page
    # A wrong old link, and a path Django logs (404) with a code in it.
    assert browser.request("GET", "/tips/c/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ/")[0] == 400
    assert browser.request("GET", f"/tips/c/{code}/nothing-here")[0] == 404
    # The tracking page: the old link, the new form, and a request Django logs (405).
    status, page = browser.request("GET", f"/concerns/track/{token}/")
    assert status == 200 and "Streetlight out on Elm" in page
    status, page = browser.post_form("/concerns/track/", {"token": token})
    assert status == 200 and "Streetlight out on Elm" in page
    assert browser.request("GET", f"/concerns/track/{token}/reply/")[0] == 405
    assert browser.request("GET", f"/concerns/track/{token}/not-a-page/")[0] == 404
    return {"code": code, "token": token}


def _written(data_dir: Path, out_dir: Path, name: str) -> tuple[str, dict[Path, bytes]]:
    """(stdout + stderr of the run, {file under the data dir: its bytes})."""
    logs = "".join((out_dir / f"{name}.{s}").read_text() for s in ("stdout", "stderr"))
    static = data_dir / "static"  # collected copies of packaged files (JS mentions 127.0.0.1)
    files = {
        p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and static not in p.parents
    }
    return logs, files


def _without_bind_address(text: str, port: int) -> str:
    """The server names its own listening address ("Listening at: http://127.0.0.1:PORT")."""
    return text.replace(f"{HOST}:{port}", "<bind>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A fresh data directory set up through the CLI, with one concern and one upload."""
    data_dir = tmp_path_factory.mktemp("serve") / "data"
    out_dir = tmp_path_factory.mktemp("serve-output")
    env = _env(data_dir)
    _beatbridge("migrate", "--verbosity", "0", env=env)
    output = _beatbridge(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage;"
        "from beatbridge.concerns.models import Category, Concern;"
        "c = Concern.objects.create(category=Category.objects.first(),"
        " description='Streetlight out on Elm', lon=-87.6, lat=41.8);"
        "default_storage.save('concerns/photo.jpg', ContentFile(b'jpeg'));"
        "print('token=' + c.tracking_token)",
        env=env,
    )
    token = re.search(r"^token=(\S+)$", output, re.M).group(1)
    return {"data_dir": data_dir, "out_dir": out_dir, "token": token}


def test_fresh_data_dir_is_private_to_the_service_user(site):
    data_dir = site["data_dir"]
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(data_dir) == 0o700
    for name in ("beatbridge.sqlite3", "huey.sqlite3", "secret_key"):
        assert mode(data_dir / name) == 0o600, name
    assert mode(data_dir / "media" / "concerns") == 0o700
    assert mode(data_dir / "media" / "concerns" / "photo.jpg") == 0o600
    for path in data_dir.rglob("*"):
        assert mode(path) & 0o077 == 0, f"{path} is readable by others"


def test_serve_writes_no_address_user_agent_or_secret(site):
    data_dir, out_dir = site["data_dir"], site["out_dir"]
    with _serving(data_dir, out_dir, "quiet") as (browser, port):
        secrets = _visit_as_tipster_and_resident(browser, site["token"])
    logs, files = _written(data_dir, out_dir, "quiet")
    logs = _without_bind_address(logs, port)
    assert "Booting worker" in logs  # we read the server's real output
    identifying = (HOST, FORWARDED_FOR, USER_AGENT, "ProbeAgent")
    for needle in (*identifying, secrets["code"], secrets["token"]):
        assert needle not in logs, needle
    assert '"GET ' not in logs  # no access log by default
    # Django's request logger did write the 404 and 405 lines, with the secret masked.
    assert "/concerns/track/***/reply/" in logs
    assert "/tips/c/***/nothing-here" in logs
    for path, content in files.items():
        for needle in identifying:
            assert needle.encode() not in content, f"{needle} in {path}"
        # The code is stored hashed; the tracking token is stored, in the database only.
        assert secrets["code"].encode() not in content, path
        if ".sqlite3" not in path.name:
            assert secrets["token"].encode() not in content, path


def test_access_log_when_turned_on_masks_secrets_and_names_nobody(site):
    data_dir, out_dir = site["data_dir"], site["out_dir"]
    log_file = data_dir / "access.log"
    run = _serving(data_dir, out_dir, "logged", "--no-collectstatic", ACCESS_LOG=str(log_file))
    with run as (browser, port):
        secrets = _visit_as_tipster_and_resident(browser, site["token"])
    logs, files = _written(data_dir, out_dir, "logged")
    access = log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert '"GET /tips/c/***/ HTTP/1.1" 200' in access
    assert '"POST /tips/c/ HTTP/1.1" 200' in access
    assert '"GET /concerns/track/***/ HTTP/1.1" 200' in access
    assert '"POST /concerns/track/ HTTP/1.1" 200' in access
    # Tipster pages carry the hour only, like the tip itself.
    tip_line = next(line for line in access.splitlines() if "/tips/new/" in line)
    assert re.match(r"\[\d\d/\w{3}/\d{4}:\d\d:00:00 [+-]\d{4}\] ", tip_line), tip_line
    everything = _without_bind_address(logs + access, port)
    for needle in (HOST, FORWARDED_FOR, USER_AGENT, "ProbeAgent", *secrets.values()):
        assert needle not in everything, needle
    for path, content in files.items():
        assert USER_AGENT.encode() not in content, path
        assert FORWARDED_FOR.encode() not in content, path


# --- The logger class on its own (fast) ------------------------------------------------------

CODE = "ABCDE-FGHJK-LMNPQ-RSTUV"
TOKEN = "q3Zr8Y1kdP0xw2Lm9VbN4cTg7HsJ5fAe"
# gunicorn's default format plus the headers and environ an operator might add.
EVERYTHING = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(U)s %(q)s '
    "%({x-forwarded-for}i)s %({user-agent}i)s %({referer}i)s %({cookie}i)s %({x-tip-code}i)s "
    "%({remote_addr}e)s %({http_user_agent}e)s %({raw_uri}e)s"
)


def _gunicorn_logger(tmp_path, access_log_format=EVERYTHING):
    from gunicorn.config import Config

    from beatbridge.web.gunicorn_logging import PrivateLogger

    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("access_log_format", access_log_format)
    return PrivateLogger(cfg)


def _request(path):
    from types import SimpleNamespace

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?token={TOKEN}",
        "PATH_INFO": path,
        "QUERY_STRING": f"token={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": FORWARDED_FOR,
        "HTTP_USER_AGENT": USER_AGENT,
        "HTTP_REFERER": f"https://safety.example.gov/concerns/track/{TOKEN}/",
        "HTTP_COOKIE": "sessionid=s3cr3t",
    }
    headers = [
        ("USER-AGENT", USER_AGENT),
        ("X-FORWARDED-FOR", FORWARDED_FOR),
        ("REFERER", environ["HTTP_REFERER"]),
        ("COOKIE", "sessionid=s3cr3t"),
        ("X-TIP-CODE", CODE),
    ]
    resp = SimpleNamespace(status="200 OK", sent=512, headers=[("Content-Type", "text/html")])
    return resp, SimpleNamespace(headers=headers), environ


def test_access_line_names_nobody_whatever_the_format(tmp_path):
    import datetime as dt

    logger = _gunicorn_logger(tmp_path)
    logger.access(*_request(f"/tips/c/{CODE}/"), dt.timedelta(milliseconds=4))
    logger.access(*_request(f"/concerns/track/{TOKEN}/reply/"), dt.timedelta(milliseconds=4))
    line_tip, line_track = (tmp_path / "access.log").read_text().splitlines()
    for line in (line_tip, line_track):
        for needle in (FORWARDED_FOR, USER_AGENT, "ProbeAgent", CODE, TOKEN, "s3cr3t"):
            assert needle not in line, (needle, line)
    assert '"GET /tips/c/***/?token=*** HTTP/1.1" 200 512' in line_tip
    assert ":00:00 " in line_tip  # a tipster page: the hour only
    assert "/concerns/track/***/reply/" in line_track


def test_error_log_masks_paths_and_addresses(tmp_path):
    logger = _gunicorn_logger(tmp_path)
    try:
        raise RuntimeError(f"while serving /tips/c/{CODE}/")
    except RuntimeError:
        logger.exception("Error handling request %s %s", "GET", f"/tips/c/{CODE}/")
    logger.warning(f"Invalid request from ip={FORWARDED_FOR}: Invalid HTTP method")
    written = (tmp_path / "error.log").read_text()
    assert "Error handling request GET /tips/c/***/" in written
    assert "RuntimeError: while serving /tips/c/***/" in written
    assert "Invalid request from ip=-" in written
    assert CODE not in written and FORWARDED_FOR not in written
