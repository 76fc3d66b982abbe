"""Load test: the demo city with a million concerns and a million incidents on PostgreSQL,
a realistic traffic mix driven by locust (headless, on loopback), at 2 and at 4 web processes.

Run: ``python benchmarks/load.py [--concerns 1000000] [--incidents 1000000]
[--processes 2,4] [--users 10,20,40,80,160,320] [--step 20]`` (``pip install locust``, the
``bench`` extra).

What it does, all on 127.0.0.1:

1. Starts a throw-away PostgreSQL 15 cluster (as ``benchmarks/intake.py`` does), unless
   ``DATABASE_URL`` is given (then the rows are only generated when it holds fewer).
2. Migrates, loads the demo city's districts, beats and neighbourhoods, generates the
   concerns with COPY (``intake.generate_concerns``: lognormal beat weights, three years of
   ages, statuses by age) and imports the incidents through our importer
   (``import.prepare_csv``: the real Chicago aggravated assaults repeated with shifted dates).
3. Writes the plan for ``benchmarks/locustfile.py``: every neighbourhood and beat page, their
   Atom feeds and the city feed, Open311 reads (service list, request lists by service and
   by status, single requests), 5,000 submission bodies at random points inside beats, and an
   officer's session cookie (signed in with the second factor, as in production) for the
   triage queue of the busiest beat.
4. For each ``--processes`` count: starts gunicorn with that many sync workers, then runs
   locust headless for ``--step`` seconds at each number of ``--users`` in turn (each user
   pauses 0.2–1 s between requests), and stops stepping up once p95 exceeds ``--p95-ms`` or
   any request fails. The mix: 70% area pages and feeds, 20% submissions and Open311 reads,
   10% triage.

Prints each step (requests/s, p50/p95/p99, error rate, and per request type), then for each
process count the highest step that held (p95 within the limit, no errors): its sustained
requests/s, percentiles and error rate, and the step that broke it. Under each step: how busy
the machine was and how much of it other jobs took — locust, gunicorn and PostgreSQL share
the same CPUs, so on a small machine the server's ceiling is also the load generator's.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str, filename: str):
    spec = importlib.util.spec_from_file_location(name, HERE / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


intake = _load("bb_bench_intake", "intake.py")
importing = _load("bb_bench_import", "import.py")  # "import" is a keyword
log = intake.log


def prepare_incidents(total: int, work: Path) -> int:
    """Import ``total`` incidents through the importer unless the database holds them."""
    from beatbridge.data.mapping import load_mapping
    from beatbridge.data.models import Incident
    from beatbridge.data.services import run_import

    have = Incident.objects.count()
    if have >= total:
        log(f"  the database already holds {have:,} incidents: not importing")
        return have
    start = time.perf_counter()
    csv_path = importing.prepare_csv(total - have, work / "incidents.csv")
    mapping = load_mapping("benchmark.toml", text=importing.mapping_text())
    run, result = run_import(csv_path, mapping, kind="incidents", reject_file=work / "rejects.csv")
    if result is None:
        raise RuntimeError(f"the incident import failed: {run.error}")
    csv_path.unlink()
    log(
        f"  imported {result.imported:,} incidents ({result.rejected:,} rejected) in "
        f"{time.perf_counter() - start:.1f}s"
    )
    return Incident.objects.count()


def write_plan(path: Path, session: str, seed: int) -> dict:
    from beatbridge.areas.models import Area
    from beatbridge.concerns.models import Category, Concern

    rng = random.Random(seed)
    areas = list(Area.objects.filter(kind__in=["neighborhood", "beat"]).values_list("kind", "code"))
    pages = [f"/areas/{kind}/{code}/" for kind, code in areas]
    feeds = [f"/outreach/feeds/area/{kind}/{code}.atom" for kind, code in areas]
    feeds.append("/outreach/feeds/city.atom")
    codes = list(Category.objects.filter(is_public=True).values_list("code", flat=True))
    last = Concern.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    public_ids = list(
        Concern.objects.public()
        .filter(pk__in=[rng.randint(1, last) for _ in range(3000)])
        .values_list("pk", flat=True)[:1000]
    )
    open311 = ["/open311/v2/services.json"]
    open311 += [f"/open311/v2/requests.json?service_code={c}" for c in codes]
    open311 += [f"/open311/v2/requests.json?status={s}" for s in ("open", "closed")]
    open311 += [f"/open311/v2/requests/{pk}.json" for pk in public_ids]
    plan = {
        "pages": pages,
        "feeds": feeds,
        "open311": open311,
        "bodies": intake.submission_bodies(5000, seed),
        "triage": "/concerns/triage/",
        "session": session,
    }
    path.write_text(json.dumps(plan), encoding="utf-8")
    log(
        f"  plan: {len(pages)} area pages, {len(feeds)} feeds, {len(open311)} Open311 reads, "
        f"{len(plan['bodies']):,} submission bodies"
    )
    return plan


def run_locust(base: str, plan: Path, users: int, seconds: int, work: Path) -> dict:
    """One headless locust run at ``users`` users; its aggregated and per-name stats."""
    prefix = work / f"locust-{users}"
    env = dict(os.environ, BB_LOAD_PLAN=str(plan))
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 2)),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--exit-code-on-error",
        "0",
    ]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            count = int(row["Request Count"])
            rows[row["Name"]] = {
                "requests": count,
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    total = rows.pop("Aggregated")
    total["error_rate"] = total["failures"] / max(1, total["requests"])
    total["by_name"] = rows
    return total


def describe(users: int, r: dict) -> str:
    line = (
        f"  {users:>4} users: {r['rps']:>7.1f} req/s  p50 {r['p50']:>6.0f} ms  "
        f"p95 {r['p95']:>6.0f} ms  p99 {r['p99']:>6.0f} ms  errors {r['error_rate']:.2%} "
        f"({r['requests']:,} requests)"
    )
    for name, s in sorted(r["by_name"].items()):
        line += (
            f"\n{'':<14}{name:<22} {s['rps']:>6.1f} req/s  p50 {s['p50']:>6.0f}  "
            f"p95 {s['p95']:>6.0f}  failures {s['failures']}"
        )
    cpu = r.get("machine")
    if cpu:
        line += (
            f"\n{'':<14}CPUs in use: machine {cpu['busy']:.2f} of {os.cpu_count()} — gunicorn "
            f"{cpu['gunicorn']:.2f}, PostgreSQL {cpu['postgres']:.2f}, locust "
            f"{cpu['locust']:.2f}, other jobs {cpu['other']:.2f}"
        )
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=1_000_000)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--processes", default="2,4", help="web process counts, comma-separated")
    parser.add_argument("--users", default="10,20,40,80,160,320", help="user steps")
    parser.add_argument("--step", type=int, default=20, help="seconds per user step")
    parser.add_argument("--p95-ms", type=float, default=500.0)
    parser.add_argument("--seed", type=int, default=311)
    args = parser.parse_args(argv)
    try:
        processes = [int(p) for p in args.processes.split(",")]
        steps = [int(u) for u in args.users.split(",")]
    except ValueError:
        parser.error("--processes and --users are comma-separated whole numbers")
    if shutil.which("locust") is None and importlib.util.find_spec("locust") is None:
        log("locust is not installed: pip install locust  (or pip install -e '.[bench]')")
        return 2

    cluster = None
    gunicorn = None
    work = Path(tempfile.mkdtemp(prefix="bb-bench-load-", dir="/tmp"))
    summary: list[str] = []
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            cluster = intake.Cluster()
            database_url = cluster.start()
            log(f"PostgreSQL 15 throw-away cluster on 127.0.0.1:{cluster.port}")
        intake.setup_django(database_url, work / "data", rate="100000000/hour")
        log("Preparing the database ...")
        beat_id, concerns = intake.prepare_database(args.concerns, args.seed)
        incidents = prepare_incidents(args.incidents, work)
        intake.make_officer(beat_id)
        totp_key = intake.officer_totp_key()
        from django.core.management import call_command
        from django.db import connections

        call_command("collectstatic", "--noinput", verbosity=0)
        connections.close_all()
        log(f"{concerns:,} concerns, {incidents:,} incidents; {os.cpu_count()} CPUs")
        for count in processes:
            port = intake.free_port()
            base = f"http://127.0.0.1:{port}"
            gunicorn = intake.start_gunicorn(port, count, 1, work / "gunicorn.log")
            intake.wait_until_up(base, gunicorn)
            session = intake.login(base, totp_key)
            plan_path = work / "plan.json"
            write_plan(plan_path, session, args.seed)
            connections.close_all()
            log(f"\n{count} web processes (gunicorn sync workers):")
            held, broke = None, None
            postmaster = cluster.postmaster_pid() if cluster is not None else None
            for users in steps:
                with intake.CpuMeter(gunicorn.pid, postmaster) as meter:
                    result = run_locust(base, plan_path, users, args.step, work)
                result["machine"] = _machine(meter.used)
                log(describe(users, result))
                if result["p95"] > args.p95_ms or result["failures"]:
                    broke = (users, result)
                    break
                held = (users, result)
            summary.append(_summary(count, held, broke, args.p95_ms))
            intake.stop_gunicorn(gunicorn)
            gunicorn = None
        log("\nSummary (the highest step with p95 within the limit and no errors):")
        for line in summary:
            log(line)
        return 0
    except BaseException:
        gunicorn_log = work / "gunicorn.log"
        if gunicorn_log.exists():
            log("gunicorn's log (last lines):\n" + gunicorn_log.read_text()[-3000:])
        raise
    finally:
        intake.stop_gunicorn(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001,S110 - Django may not be set up yet
            pass
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def _machine(used: dict) -> dict:
    """CPUs in use on average during a step: the whole machine, gunicorn, PostgreSQL (when
    the benchmark owns the cluster), locust (our child, in the ``wrk`` slot) and other jobs."""
    seconds = max(used["machine_total"] / (os.cpu_count() or 1), 1e-9)
    ours = used["app"] + used["postgres"] + used["wrk"]
    return {
        "busy": used["machine"] / seconds,
        "gunicorn": used["app"] / seconds,
        "postgres": used["postgres"] / seconds,
        "locust": used["wrk"] / seconds,
        "other": max(0.0, used["machine"] - ours) / seconds,
    }


def _summary(count: int, held, broke, limit: float) -> str:
    if held is None:
        return f"  {count} processes: no step held (p95 over {limit:.0f} ms or errors at once)"
    users, r = held
    text = (
        f"  {count} processes: {r['rps']:.1f} req/s sustained at {users} users; p50 "
        f"{r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, errors "
        f"{r['error_rate']:.2%}"
    )
    if broke:
        b_users, b = broke
        text += (
            f"; at {b_users} users p95 {b['p95']:.0f} ms, errors {b['error_rate']:.2%} "
            f"({b['rps']:.1f} req/s)"
        )
    else:
        text += "; the last step still held (add larger --users steps)"
    return text


if __name__ == "__main__":
    sys.exit(main())
