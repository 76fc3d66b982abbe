"""Concern intake under load: the submission API and the officers' triage queue, on gunicorn
with PostgreSQL and a million concerns, beside a minimal Django JSON view on the same server.

Run: ``python benchmarks/intake.py [--concerns 1000000] [--duration 20] [--connections 16]``

What it does, all on 127.0.0.1:

1. Starts a throw-away PostgreSQL 15 cluster (``initdb`` into a temporary directory under
   /tmp, as the ``postgres`` user when run as root; fsync stays on), unless ``DATABASE_URL``
   is given. With ``DATABASE_URL`` the database is reused: concerns are only generated when
   it holds fewer than ``--concerns``.
2. Migrates, loads the demo city's districts, beats and neighborhoods
   (``beatbridge.demo.city.load_areas``) and the seeded categories, then bulk-generates the
   concerns with ``COPY`` (psycopg 3): every beat gets a share (lognormal weights, so some
   beats are much busier), the point is uniform inside the beat and placed in its district
   and neighborhood by the locator; ages span three years; statuses depend on age (recent
   ones mostly open, old ones mostly closed, with a small stale backlog).
3. Creates an officer assigned to the busiest beat (the worst triage queue) and runs
   ``collectstatic``, then starts gunicorn with ``benchmarks.bench_settings`` (the app's
   settings plus ``/bench/minimal``) and the anonymous rate limit raised.
4. Logs the officer in once over HTTP, and runs wrk (``apt-get install wrk``) three times,
   each for ``--duration`` seconds after a short warm-up: the minimal view, the submission
   API (anonymous JSON POSTs with points drawn from a pool of random points inside beats),
   and the triage queue with the officer's session cookie. A fourth run is a reference, not a
   target: ``/bench/insert-one`` writes one row through the ORM in a transaction and answers
   with its id, the least any view that stores something does, so the printout shows how much
   of the gap to the minimal view is the cost of writing at all.

Prints requests/s and p50/p95 latency for each, the ratios to the minimal view, and whether
the targets hold: submissions at least 30% of the minimal view's throughput, triage-queue
p95 under 150 ms. Under each result it prints the CPU each request cost gunicorn, our
PostgreSQL cluster (when the benchmark started it) and wrk, and how busy the machine was
and how much of it other jobs took: on a shared machine requests/s and latency move with
everyone else's load, CPU per request much less. The cluster, gunicorn and temporary files
are removed at the end.

gunicorn runs 3 sync workers by default (``--workers``, ``--threads`` for gthread): the
views are CPU-bound Python, so on 2 cores threads would only take turns on the GIL, and a
third process keeps both cores busy while another waits on PostgreSQL. 2, 4 and 6 sync
workers and gthread (2x4, 3x2) measured no better, within the noise of a shared machine.
Each worker builds its area index (the locator) before serving (a ``post_worker_init``
hook), so the runs measure a warmed-up server.
"""

from __future__ import annotations

import argparse
import base64
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
OFFICER_EMAIL = "bench-officer@example.org"
OFFICER_PASSWORD = "bench-officer-password-1"  # noqa: S105 - throw-away benchmark account
SUBMIT_TARGET = 0.30  # submissions/s at least this share of the minimal view's
TRIAGE_P95_TARGET_MS = 150.0
DESCRIPTIONS = [
    "People selling in the alley behind the laundromat most evenings.",
    "Cars race down this block to beat the light; kids cross here.",
    "Party with loud music until 3am almost every weekend.",
    "Grey sedan with flat tires and no plates parked for three weeks.",
    "New graffiti on the viaduct and the side of the community garden.",
    "Two street lights out on this block; very dark walking home from the train.",
    "Group blocks the entrance to the corner store and hassles shoppers.",
    "Someone trying car door handles along the street around 2am.",
    "Teens have nowhere to go after the park district program closed.",
    "Broken glass and needles near the playground.",
    "Drivers ignore the stop sign at this corner every morning rush.",
    "Bus shelter glass smashed again.",
]


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------
# PostgreSQL


class Cluster:
    """A throw-away PostgreSQL 15 cluster on 127.0.0.1 in a temporary directory."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bb-bench-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.started = False
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *cmd: str) -> None:
        kwargs: dict = {"cwd": self.dir, "check": True, "stdout": subprocess.DEVNULL}
        if self.as_postgres:  # initdb refuses to run as root
            kwargs.update(user="postgres", group="postgres", extra_groups=[])
        subprocess.run(cmd, **kwargs)

    def start(self) -> str:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.dir} "
            "-c shared_buffers=512MB -c max_connections=100 -c max_wal_size=4GB"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "postgres.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self.started = True
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE beatbridge")
        return f"postgres://postgres@127.0.0.1:{self.port}/beatbridge"

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.started:
            try:
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            except subprocess.CalledProcessError as exc:
                log(f"pg_ctl stop failed: {exc}")
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Data


def setup_django(database_url: str, data_dir: Path, rate: str) -> None:
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "BEATBRIDGE_DATA_DIR": str(data_dir),
        "ANON_RATE_LIMIT": rate,
        "BEATBRIDGE_HTTPS": "false",  # plain HTTP on loopback: no redirects, cookies sent
        "DEBUG": "false",
        "HUEY_IMMEDIATE": "false",  # emails are queued, as in production
        "SECRET_KEY": "bench-" + base64.urlsafe_b64encode(os.urandom(30)).decode(),
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def points_in_beats(
    rng: np.random.Generator, beat_ids: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``counts[i]`` uniform random points inside beat ``beat_ids[i]``: (lons, lats, beats)."""
    from shapely.geometry import shape

    from beatbridge.areas import locator
    from beatbridge.areas.models import Area

    bounds = {
        pk: shape(geometry).bounds
        for pk, geometry in Area.objects.filter(pk__in=beat_ids.tolist()).values_list(
            "pk", "geometry"
        )
    }
    lons, lats, beats = [], [], []
    for beat, count in zip(beat_ids.tolist(), counts.tolist(), strict=True):
        minx, miny, maxx, maxy = bounds[beat]
        need = count
        while need > 0:
            tries = max(64, need * 3)
            xs = rng.uniform(minx, maxx, tries)
            ys = rng.uniform(miny, maxy, tries)
            inside = locator.locate_many(xs, ys, kinds=["beat"])["beat"] == beat
            xs, ys = xs[inside][:need], ys[inside][:need]
            lons.append(xs)
            lats.append(ys)
            beats.append(np.full(len(xs), beat, dtype=np.int64))
            need -= len(xs)
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(beats)


# status, weight, by age bucket: < 3 days, 3-30 days, older
STATUS_MIX = {
    "recent": {"submitted": 60, "acknowledged": 25, "in_progress": 10, "referred": 5},
    "month": {
        "submitted": 10,
        "acknowledged": 20,
        "in_progress": 20,
        "referred": 10,
        "resolved": 25,
        "closed": 5,
        "rejected": 3,
        "duplicate": 4,
        "closed_unfixed": 3,
    },
    "old": {
        "submitted": 0.5,
        "acknowledged": 1,
        "in_progress": 1.5,
        "referred": 1,
        "resolved": 8,
        "closed": 66,
        "rejected": 5,
        "duplicate": 7,
        "closed_unfixed": 10,
    },
}
OPEN = {"submitted", "acknowledged", "in_progress", "referred"}


def _statuses(rng: np.random.Generator, age_days: np.ndarray) -> np.ndarray:
    out = np.empty(len(age_days), dtype=object)
    buckets = {
        "recent": age_days < 3,
        "month": (age_days >= 3) & (age_days < 30),
        "old": age_days >= 30,
    }
    for name, mask in buckets.items():
        names = list(STATUS_MIX[name])
        weights = np.array([STATUS_MIX[name][n] for n in names], dtype=float)
        out[mask] = rng.choice(np.array(names, dtype=object), mask.sum(), p=weights / weights.sum())
    return out


def generate_concerns(total: int, seed: int) -> int:
    """Bulk-insert ``total`` concerns with COPY; returns the id of the busiest beat."""
    import datetime as dt

    from django.db import connection, transaction

    from beatbridge.areas import locator
    from beatbridge.areas.models import Area
    from beatbridge.concerns.models import Category

    rng = np.random.default_rng(seed)
    beat_ids = np.array(
        sorted(Area.objects.filter(kind="beat").values_list("pk", flat=True)), dtype=np.int64
    )
    weights = rng.lognormal(0.0, 0.6, len(beat_ids))
    busiest = int(beat_ids[np.argmax(weights)])
    counts = rng.multinomial(total, weights / weights.sum())
    start = time.perf_counter()
    lons, lats, beats = points_in_beats(rng, beat_ids, counts)
    placed = locator.locate_many(lons, lats, kinds=["district", "neighborhood"])
    districts, hoods = placed["district"], placed["neighborhood"]
    order = rng.permutation(len(lons))  # interleave beats, as real arrivals are
    lons, lats, beats, districts, hoods = (a[order] for a in (lons, lats, beats, districts, hoods))
    log(f"  placed {len(lons):,} points in beats in {time.perf_counter() - start:.1f}s")

    cats = list(Category.objects.values_list("pk", "allows_anonymous", "is_public"))
    cat_weights = np.array([3, 4, 3, 2, 3, 3, 2, 2, 1, 1, 1], dtype=float)[: len(cats)]
    cat_weights = np.resize(cat_weights, len(cats))
    cat_idx = rng.choice(len(cats), total, p=cat_weights / cat_weights.sum())
    now = dt.datetime.now(dt.UTC)
    age_days = rng.uniform(0, 3 * 365, total)
    status = _statuses(rng, age_days)
    response_h = rng.exponential(30, total) + 0.2
    resolve_d = rng.exponential(12, total) + 0.5
    anonymous = rng.random(total) < 0.3
    with_email = (~anonymous) & (rng.random(total) < 0.5)
    supports = rng.geometric(0.6, total) - 1
    tokens = base64.urlsafe_b64encode(os.urandom(18 * total)).decode()
    columns = (
        "category_id, description, status, lon, lat, address, beat_id, district_id, "
        "neighborhood_id, is_anonymous, is_public, contact_name, contact_email, contact_phone, "
        "contact_preference, tracking_token, referred_to, close_reason, rejection_reason, "
        "support_count, attributes, source, created_at, updated_at, first_response_at, "
        "resolved_at, closed_at, media_url"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY concerns_concern ({columns}) FROM STDIN") as copy:
            for i in range(total):
                created = now - dt.timedelta(days=float(age_days[i]))
                st = status[i]
                first = resolved = closed = None
                if st != "submitted":
                    first = min(now, created + dt.timedelta(hours=float(response_h[i])))
                if st in ("resolved", "closed"):
                    resolved = min(now, created + dt.timedelta(days=float(resolve_d[i])))
                if st in ("closed", "rejected", "duplicate", "closed_unfixed"):
                    closed = min(now, created + dt.timedelta(days=float(resolve_d[i]) * 1.5))
                updated = max(t for t in (created, first, resolved, closed) if t is not None)
                cat_pk, cat_anon, cat_public = cats[cat_idx[i]]
                anon = bool(anonymous[i]) and cat_anon
                copy.write_row(
                    (
                        cat_pk,
                        DESCRIPTIONS[i % len(DESCRIPTIONS)],
                        st,
                        float(lons[i]),
                        float(lats[i]),
                        "",
                        int(beats[i]),
                        int(districts[i]) if districts[i] >= 0 else None,
                        int(hoods[i]) if hoods[i] >= 0 else None,
                        anon,
                        cat_public,
                        "",
                        f"resident{i}@example.org" if with_email[i] and not anon else "",
                        "",
                        "email" if with_email[i] and not anon else "",
                        tokens[i * 24 : (i + 1) * 24],
                        "Streets and Sanitation" if st == "referred" else "",
                        "could_not_resolve" if st == "closed_unfixed" else "",
                        "Not enough detail." if st == "rejected" else "",
                        int(supports[i]),
                        "{}",
                        "api" if i % 3 == 0 else "web",
                        created,
                        updated,
                        first,
                        resolved,
                        closed,
                        "",
                    )
                )
                if i and i % 250_000 == 0:
                    log(f"  {i:,} rows copied ({time.perf_counter() - start:.0f}s)")
    log(f"  COPY of {total:,} concerns took {time.perf_counter() - start:.1f}s")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE concerns_concern")
    log(f"  VACUUM ANALYZE took {time.perf_counter() - start:.1f}s")
    return busiest


def prepare_database(total: int, seed: int) -> tuple[int, int]:
    """Migrate, load areas/categories, generate concerns; returns (beat id, concern count)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from beatbridge.areas.models import Area
    from beatbridge.concerns.models import Concern
    from beatbridge.concerns.seed import seed_categories
    from beatbridge.demo.city import load_areas

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"  migrated in {time.perf_counter() - start:.1f}s")
    if not Area.objects.filter(kind="beat").exists():
        load_areas(out=lambda message: None)
    seed_categories()
    with connection.cursor() as cursor:  # an estimate is enough to decide
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname='concerns_concern'")
        estimate = max(0, int(cursor.fetchone()[0]))
    have = Concern.objects.count() if estimate < 2 * total else estimate
    if have >= total:
        log(f"  the database already holds {have:,} concerns: not generating")
        # The busiest beat: the one with the most open concerns.
        busiest = (
            Concern.objects.open()
            .order_by()
            .values("beat_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return int(busiest["beat_id"]), have
    busiest = generate_concerns(total - have, seed)
    return busiest, Concern.objects.count()


def make_officer(beat_id: int) -> str:
    from beatbridge.accounts.models import Role, User
    from beatbridge.areas.models import Area, OfficerAssignment

    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:
        officer = User.objects.create_user(
            OFFICER_EMAIL,
            OFFICER_PASSWORD,
            role=Role.OFFICER,
            display_name="Officer Bench Mark",
        )
    OfficerAssignment.objects.filter(officer=officer).delete()
    beat = Area.objects.get(pk=beat_id)
    OfficerAssignment.objects.create(officer=officer, beat=beat)
    return beat.code


def officer_totp_key() -> bytes:
    """The bench officer's authenticator-app key: staff sign in with a second factor, as in
    production (REQUIRE_STAFF_2FA stays on)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from beatbridge.accounts.models import User

    officer = User.objects.get(email=OFFICER_EMAIL)
    device = TOTPDevice.objects.filter(user=officer, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    return device.bin_key


def totp_now(key: bytes) -> str:
    from django_otp.oath import totp

    return f"{totp(key):06d}"


def submission_bodies(count: int, seed: int) -> list[str]:
    """JSON bodies for anonymous submissions at random points inside random beats."""
    from beatbridge.areas.models import Area
    from beatbridge.concerns.models import Category

    rng = np.random.default_rng(seed + 1)
    beat_ids = np.array(Area.objects.filter(kind="beat").values_list("pk", flat=True))
    counts = rng.multinomial(count, np.full(len(beat_ids), 1 / len(beat_ids)))
    lons, lats, _beats = points_in_beats(rng, beat_ids, counts)
    codes = [
        c.code
        for c in Category.objects.filter(is_active=True, allows_anonymous=True)
        if not any(isinstance(q, dict) and q.get("required") for q in c.attributes or [])
    ]
    bodies = []
    for i in rng.permutation(len(lons)).tolist():
        body = {
            "category": codes[i % len(codes)],
            "description": DESCRIPTIONS[i % len(DESCRIPTIONS)],
            "lat": round(float(lats[i]), 6),
            "lon": round(float(lons[i]), 6),
            "anonymous": i % 2 == 0,
        }
        if i % 4 == 1:  # not signed in, but leaves an email for updates
            body["contact_email"] = f"neighbor{i}@example.org"
            body["contact_preference"] = "email"
        bodies.append(json.dumps(body))
    return bodies


# ---------------------------------------------------------------------------------------
# Load

LUA_COMMON = r"""
local threads = {}
counts = {}
function setup(thread)
  table.insert(threads, thread)
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local statuses = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("counts")) do
      statuses[#statuses + 1] = code .. ":" .. n
    end
  end
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d max_us=%d " ..
    "connect_err=%d read_err=%d write_err=%d timeouts=%d statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, table.concat(statuses, ",")))
end
"""

LUA_POST = r"""
local bodies = {
%s
}
local n = #bodies
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 100000)
end
function request()
  return wrk.format(nil, nil, nil, bodies[math.random(n)])
end
"""


def write_scripts(directory: Path, bodies: list[str]) -> tuple[Path, Path]:
    get_script = directory / "get.lua"
    get_script.write_text(LUA_COMMON, encoding="utf-8")
    post_script = directory / "post.lua"
    quoted = ",\n".join(f"[[{body}]]" for body in bodies)
    post_script.write_text(LUA_COMMON + LUA_POST % quoted, encoding="utf-8")
    return get_script, post_script


def run_wrk(url: str, script: Path, duration: int, connections: int, headers: list[str]) -> dict:
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"refusing to load anything but 127.0.0.1: {url}")
    threads = max(1, min(2, connections))
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    cmd += ["-s", str(script)]
    for header in headers:
        cmd += ["-H", header]
    cmd.append(url)
    out = subprocess.run(
        cmd, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    match = re.search(r"^BENCH (.*)$", out, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    fields = dict(part.split("=", 1) for part in match.group(1).split())
    requests = int(fields["requests"])
    seconds = int(fields["duration_us"]) / 1e6
    statuses: dict[str, int] = {}
    for part in filter(None, fields["statuses"].split(",")):  # one entry per wrk thread
        code, n = part.split(":")
        statuses[code] = statuses.get(code, 0) + int(n)
    errors = sum(int(fields[k]) for k in ("connect_err", "read_err", "write_err", "timeouts"))
    return {
        "rps": requests / seconds if seconds else 0.0,
        "requests": requests,
        "p50": int(fields["p50_us"]) / 1000,
        "p95": int(fields["p95_us"]) / 1000,
        "max": int(fields["max_us"]) / 1000,
        "statuses": statuses,
        "socket_errors": errors,
    }


TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root_pid: int | None) -> dict[int, float]:
    """CPU seconds (user + system) used so far by a process and each of its children."""
    if root_pid is None:
        return {}
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process just exited
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(entry.name) == root_pid or int(fields[1]) == root_pid:
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two snapshots; a process that exited in between (an autovacuum
    worker) counts for nothing, one that started counts whole."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / TICK, sum(values) / TICK


class CpuMeter:
    """CPU used during one load run by gunicorn, the PostgreSQL cluster (when we own it),
    wrk, and the whole machine: per request, so other jobs on a shared machine do not
    hide what each request costs."""

    def __init__(self, gunicorn_pid: int, postmaster_pid: int | None) -> None:
        self.pids = {"app": gunicorn_pid, "postgres": postmaster_pid}

    def __enter__(self) -> CpuMeter:
        self.start = {name: tree_cpu_seconds(pid) for name, pid in self.pids.items()}
        self.wrk_start = sum(os.times()[2:4])
        self.machine_start = machine_busy_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.used = {
            name: cpu_used(self.start[name], tree_cpu_seconds(pid))
            for name, pid in self.pids.items()
        }
        self.used["wrk"] = sum(os.times()[2:4]) - self.wrk_start
        busy, total = machine_busy_seconds()
        self.used["machine"] = busy - self.machine_start[0]
        self.used["machine_total"] = total - self.machine_start[1]


def wait_until_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(base + "/bench/minimal", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def login(base: str, totp_key: bytes) -> str:
    """Log the officer in once through the login page and the second-factor page; return the
    session cookie value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=10) as response:
        response.read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": OFFICER_EMAIL, "password": OFFICER_PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    with opener.open(request, timeout=10) as response:
        response.read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"code": totp_now(totp_key), "csrfmiddlewaretoken": csrf})
    request = urllib.request.Request(
        base + "/accounts/two-factor/",
        data=data.encode(),
        headers={"Referer": base + "/accounts/two-factor/"},
    )
    with opener.open(request, timeout=10) as response:
        response.read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise RuntimeError("logging the officer in failed")
    with opener.open(base + "/concerns/triage/", timeout=30) as response:
        if response.status != 200 or b"Concern triage" not in response.read():
            raise RuntimeError("the officer cannot see the triage queue")
    return session


GUNICORN_CONF = """
def post_worker_init(worker):
    # Each process builds its area index on first use (about a second of CPU): do it before
    # serving, so the measured runs see the steady state a long-running server is in.
    from beatbridge.areas import locator

    locator.locate_many([-87.63], [41.88])
"""


def start_gunicorn(port: int, workers: int, threads: int, log_path: Path) -> subprocess.Popen:
    conf = log_path.with_name("gunicorn_conf.py")
    conf.write_text(GUNICORN_CONF, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "beatbridge.wsgi:application",
        "--config",
        str(conf),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--keep-alive",
        "5",
        "--error-logfile",
        str(log_path),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)


def stop_gunicorn(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # our own process group (start_new_session)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def describe(name: str, result: dict) -> str:
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result["statuses"].items()))
    errors = f"; socket errors {result['socket_errors']}" if result["socket_errors"] else ""
    line = (
        f"{name:<24} {result['rps']:>9.1f} req/s   p50 {result['p50']:>7.1f} ms   "
        f"p95 {result['p95']:>7.1f} ms   ({result['requests']:,} requests; HTTP {statuses}{errors})"
    )
    cpu, n = result.get("cpu"), max(1, result["requests"])
    if cpu:
        seconds = max(cpu["machine_total"] / (os.cpu_count() or 1), 1e-9)
        ours = cpu["app"] + cpu["postgres"] + cpu["wrk"]
        pg = f", PostgreSQL {cpu['postgres'] / n * 1000:.2f} ms" if cpu["postgres"] else ""
        line += (
            f"\n{'':<24} CPU per request: gunicorn {cpu['app'] / n * 1000:.2f} ms{pg}, "
            f"wrk {cpu['wrk'] / n * 1000:.2f} ms; machine busy "
            f"{cpu['machine'] / seconds:.2f} of {os.cpu_count()} CPUs, of which other jobs "
            f"{max(0.0, cpu['machine'] - ours) / seconds:.2f}"
        )
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint")
    # Sync workers: see the module docstring for why 3.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--seed", type=int, default=311)
    parser.add_argument(
        "--only",
        choices=["minimal", "insert", "submit", "triage"],
        action="append",
        help="run only these endpoints (default: all four; ratios need minimal)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        log("wrk is not installed. Install it with: apt-get install -y wrk")
        return 2
    if not 1 <= args.duration <= 600 or args.connections < 1:
        parser.error("--duration must be 1..600 seconds and --connections at least 1")

    cluster: Cluster | None = None
    gunicorn: subprocess.Popen | None = None
    work = Path(tempfile.mkdtemp(prefix="bb-bench-intake-", dir="/tmp"))
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            cluster = Cluster()
            database_url = cluster.start()
            log(f"PostgreSQL 15 throw-away cluster on 127.0.0.1:{cluster.port} ({cluster.dir})")
        setup_django(database_url, work / "data", rate="100000000/hour")
        log("Preparing the database ...")
        beat_id, total = prepare_database(args.concerns, args.seed)
        beat_code = make_officer(beat_id)
        totp_key = officer_totp_key()
        bodies = submission_bodies(5000, args.seed)
        from django.core.management import call_command
        from django.db import connections

        from beatbridge.concerns.models import Concern

        queue_size = Concern.objects.open().filter(beat_id=beat_id).count()
        call_command("collectstatic", "--noinput", verbosity=0)
        connections.close_all()
        get_script, post_script = write_scripts(work, bodies)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = start_gunicorn(port, args.workers, args.threads, work / "gunicorn.log")
        postmaster_pid = cluster.postmaster_pid() if cluster is not None else None
        wait_until_up(base, gunicorn)
        session = login(base, totp_key)
        kind = f"gthread, {args.threads} threads each" if args.threads > 1 else "sync"
        log(
            f"{total:,} concerns; officer's beat {beat_code} has {queue_size:,} open concerns; "
            f"gunicorn {args.workers} workers ({kind}); wrk {args.connections} connections, "
            f"{args.duration}s per endpoint after {args.warmup}s warm-up; "
            f"{os.cpu_count()} CPUs shared by wrk, gunicorn and PostgreSQL"
        )
        cookie = [f"Cookie: sessionid={session}"]
        runs = [
            ("minimal JSON view", base + "/bench/minimal", get_script, []),
            ("reference: one ORM insert", base + "/bench/insert-one", post_script, []),
            ("submit concern (API)", base + "/api/v1/concerns/", post_script, []),
            ("triage queue (officer)", base + "/concerns/triage/", get_script, cookie),
        ]
        results = {}
        wanted = {"minimal": 0, "insert": 1, "submit": 2, "triage": 3}
        if args.only:
            runs = [runs[wanted[name]] for name in args.only]
        for name, url, script, headers in runs:
            if args.warmup:
                run_wrk(url, script, args.warmup, args.connections, headers)
            with CpuMeter(gunicorn.pid, postmaster_pid) as meter:
                results[name] = run_wrk(url, script, args.duration, args.connections, headers)
            results[name]["cpu"] = meter.used
            log(describe(name, results[name]))

        if len(results) < len(wanted):
            return 0
        minimal = results["minimal JSON view"]
        submit = results["submit concern (API)"]
        triage = results["triage queue (officer)"]
        ok_statuses = {
            "reference: one ORM insert": {"201"},
            "submit concern (API)": {"201"},
            "triage queue (officer)": {"200"},
        }
        log("")
        for name in ("reference: one ORM insert", "submit concern (API)", "triage queue (officer)"):
            r = results[name]
            log(
                f"{name}: throughput {r['rps'] / minimal['rps']:.1%} of the minimal view's, "
                f"p50 {r['p50'] / minimal['p50']:.1f}x, p95 {r['p95'] / minimal['p95']:.1f}x"
            )
        if all("cpu" in results[n] for n in results):
            per = {
                n: (r["cpu"]["app"] + r["cpu"]["postgres"]) / max(1, r["requests"])
                for n, r in results.items()
            }
            log(
                "CPU per request (gunicorn + PostgreSQL), relative to the minimal view: "
                + ", ".join(
                    f"{n} {per[n] * 1000:.2f} ms = {per[n] / per['minimal JSON view']:.1f}x"
                    for n in per
                )
            )
        submit_ratio = submit["rps"] / minimal["rps"]
        bad = [
            name
            for name, codes in ok_statuses.items()
            if set(results[name]["statuses"]) - codes
            or results[name]["socket_errors"]
            or not results[name]["requests"]
        ]
        log(
            f"target submissions >= {SUBMIT_TARGET:.0%} of minimal: {submit_ratio:.1%} "
            f"{'MET' if submit_ratio >= SUBMIT_TARGET else 'NOT MET'}"
        )
        triage_met = triage["requests"] > 0 and triage["p95"] < TRIAGE_P95_TARGET_MS
        log(
            f"target triage p95 < {TRIAGE_P95_TARGET_MS:.0f} ms: {triage['p95']:.1f} ms "
            f"{'MET' if triage_met else 'NOT MET'}"
        )
        if bad:
            log(f"WARNING: unexpected responses or socket errors in: {', '.join(bad)}")
        return 0
    except BaseException:
        gunicorn_log = work / "gunicorn.log"
        if gunicorn_log.exists():
            log("gunicorn's log (last lines):\n" + gunicorn_log.read_text()[-3000:])
        raise
    finally:
        stop_gunicorn(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001,S110 - Django may not be set up yet
            pass
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
