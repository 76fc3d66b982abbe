"""Import benchmark: 1,000,000 incident rows into SQLite and PostgreSQL, beside raw bulk loads.

    python benchmarks/import.py [--rows N] [--backends sqlite,postgresql] [--requests 50]

The rows are the real Chicago aggravated assaults (148,636) repeated with shifted dates (each
copy a whole number of weeks earlier, the first ending this week, as in the demo) and their own
ids. For each database, in the same run:

1. ``beatbridge``: our importer (``import_incidents`` with the shipped mapping plus an id column)
   into an empty table: parsing, time zones, area assignment (locate_many), generalization,
   dedupe and the bulk upsert.
2. ``raw``: the database's own bulk load of the very same final rows, already prepared, into
   the same empty table with the same indexes: PostgreSQL ``COPY … FROM STDIN`` of a file;
   SQLite ``executemany`` of plain tuples in one transaction. Beside it, the same raw load done
   the way the importer does large loads: with the indexes (PostgreSQL: and foreign keys) the
   importer rebuilds dropped first and built again after, in the same transaction.

It prints rows/s for both and the ratio. Then, with all rows loaded, it times the
neighborhood page (the area page with its crime statistics section and the other apps'
sections) through Django's test client: "cold" requests clear the cache first and go to a
different neighborhood each time (every figure computed in the database), "warm" requests
repeat with the cache filled; and the statistics section alone, and its chart image.
Huey runs in queue mode (as in production): follow-up jobs other apps hook onto a finished
import are queued, not run inside the timed import.

PostgreSQL: uses DATABASE_URL when it points at PostgreSQL, otherwise starts a throwaway
cluster from /usr/lib/postgresql/15/bin on a free port with common bulk-load settings
(shared_buffers=1GB, max_wal_size=8GB; stopped at the end), or is skipped.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSAULTS = ROOT / "src" / "beatbridge" / "demo" / "data" / "aggravated_assaults_2010_2019.csv.gz"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Usual bulk-load settings for the throwaway cluster; they apply to both loads alike.
PG_BULK_SETTINGS = "-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min"


# --------------------------------------------------------------------------- data preparation


def prepare_csv(rows: int, dest: Path) -> Path:
    """Write ``rows`` incident rows: the real assaults repeated, dates shifted, ids added."""
    import datetime as dt

    with gzip.open(ASSAULTS, "rt", encoding="utf-8", newline="") as fh:
        base = list(csv.reader(fh))[1:]
    latest = max(dt.date.fromisoformat(r[0][:10]) for r in base)
    first_shift = ((dt.date.today() - dt.timedelta(days=1) - latest).days // 7) * 7
    with open(dest, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "date", "loc_cat", "longitude", "latitude", "district"])
        written, copy = 0, 0
        while written < rows:
            shift = dt.timedelta(days=first_shift - 7 * copy)
            for i, (date, loc, lon, lat, district) in enumerate(base):
                if written >= rows:
                    break
                when = dt.datetime.strptime(date, "%Y-%m-%d %H:%M") + shift
                writer.writerow(
                    [f"{copy}-{i}", when.strftime("%Y-%m-%d %H:%M"), loc, lon, lat, district]
                )
                written += 1
            copy += 1
    return dest


def mapping_text() -> str:
    text = (ROOT / "src/beatbridge/data/mappings/chicago_aggravated_assaults.toml").read_text()
    return text.replace('key = ["date", "longitude", "latitude"]', 'id = "id"').replace(
        'name = "chicago-aggravated-assaults"', 'name = "benchmark"'
    )


# --------------------------------------------------------------------------- child: one database


def child(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from beatbridge.areas.models import Area
    from beatbridge.data.mapping import load_mapping
    from beatbridge.data.models import Incident
    from beatbridge.data.services import run_import
    from beatbridge.data.writing import COMMON_COLUMNS, EXTRA_COLUMNS
    from beatbridge.demo.city import load_areas

    call_command("migrate", verbosity=0)
    load_areas(out=lambda s: None)
    mapping = load_mapping("benchmark.toml", text=mapping_text())
    table = Incident._meta.db_table
    columns = COMMON_COLUMNS + EXTRA_COLUMNS["incidents"]
    result: dict = {"backend": connection.vendor, "rows": args.rows}
    # Into an empty table (a DATABASE_URL database may hold an earlier run's rows).
    with connection.cursor() as cursor:
        empty = "TRUNCATE {}" if connection.vendor == "postgresql" else "DELETE FROM {}"
        cursor.execute(empty.format(table))

    # Warm the area index so both runs start equal (it is cached per process anyway).
    from beatbridge.areas.locator import locate_many

    locate_many([-87.6], [41.8])

    # CPU seconds beside the wall clock (other work on the machine inflates the latter): this
    # process (all its threads) and the PostgreSQL backend serving it (parallel index-build
    # workers are other processes, not counted).
    backend_cpu = _backend_cpu_reader(connection)
    cpu_before, db_before = time.process_time(), backend_cpu()
    start = time.perf_counter()
    run, res = run_import(
        args.csv, mapping, kind="incidents", reject_file=Path(args.workdir) / "rejects.csv"
    )
    result["ours_seconds"] = time.perf_counter() - start
    result["ours_cpu"] = time.process_time() - cpu_before
    result["ours_db_cpu"] = backend_cpu() - db_before
    assert res is not None, run.error
    result.update(imported=res.imported, rejected=res.rejected)
    loaded = Incident.objects.count()

    # The same final rows, prepared for the raw bulk load.
    dump = Path(args.workdir) / f"rows-{connection.vendor}.dat"
    cols = ", ".join(columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, open(dump, "wb") as out:
            with cursor.cursor.copy(f"COPY (SELECT {cols} FROM {table}) TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
        db_before = backend_cpu()
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor, open(dump, "rb") as fh:
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                while block := fh.read(1 << 20):
                    copy.write(block)
        result["raw_seconds"] = time.perf_counter() - start
        result["raw_db_cpu"] = backend_cpu() - db_before
        result["raw_method"] = "PostgreSQL COPY FROM STDIN of a prepared file"
        # The same, the way the importer loads large files (PostgreSQL manual, "Populating a
        # Database"): drop what it rebuilds, COPY, build it again, in one transaction.
        from beatbridge.data.writing import BULK_MAINTENANCE_WORK_MEM_MB, _rebuildable

        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
        db_before = backend_cpu()
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor, open(dump, "rb") as fh:
            rebuild = _rebuildable(Incident)
            for _name, drop, _create, _referenced in rebuild:
                cursor.execute(drop)
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BULK_MAINTENANCE_WORK_MEM_MB}MB'")
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                while block := fh.read(1 << 20):
                    copy.write(block)
            for _name, _drop, create, _referenced in reversed(rebuild):
                cursor.execute(create)
        result["raw_rebuild_seconds"] = time.perf_counter() - start
        result["raw_rebuild_db_cpu"] = backend_cpu() - db_before
        keys, indexes = sum(1 for r in rebuild if r[3]), sum(1 for r in rebuild if not r[3])
        result["raw_rebuild_method"] = (
            f"the same COPY with the table's {keys} foreign keys and {indexes} other indexes "
            "dropped first, built again after, in one transaction"
        )
    else:
        connection.ensure_connection()
        raw = connection.connection  # the sqlite3 connection: plain tuples, no Django layer
        rows = raw.execute(f"SELECT {cols} FROM {table}").fetchall()  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        placeholders = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({placeholders})"  # noqa: S608
        # Django opens SQLite in autocommit mode: BEGIN/COMMIT explicitly, or every row would
        # be its own transaction.
        start = time.perf_counter()
        for i in range(0, len(rows), 100_000):  # 100,000 rows per commit
            raw.execute("BEGIN")
            raw.executemany(sql, rows[i : i + 100_000])
            raw.execute("COMMIT")
        result["raw_seconds_chunked"] = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        raw.execute("VACUUM")
        cpu_before = time.process_time()
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(sql, rows)
        raw.execute("COMMIT")
        result["raw_seconds"] = time.perf_counter() - start
        result["raw_cpu"] = time.process_time() - cpu_before
        result["raw_method"] = (
            "SQLite executemany of plain tuples in ONE transaction, like the importer; "
            f"with a commit every 100,000 rows it took {result['raw_seconds_chunked']:.2f} s"
        )
        # The same, the way the importer loads large files: the indexes it rebuilds dropped
        # first and built again after, in the same transaction.
        from beatbridge.data.writing import _rebuildable

        rebuild = _rebuildable(Incident)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        raw.execute("VACUUM")
        cpu_before = time.process_time()
        start = time.perf_counter()
        raw.execute("BEGIN")
        for _name, drop, _create, _referenced in rebuild:
            raw.execute(drop)
        raw.executemany(sql, rows)
        for _name, _drop, create, _referenced in reversed(rebuild):
            raw.execute(create)
        raw.execute("COMMIT")
        result["raw_rebuild_seconds"] = time.perf_counter() - start
        result["raw_rebuild_cpu"] = time.process_time() - cpu_before
        result["raw_rebuild_method"] = (
            f"the same with the table's {len(rebuild)} secondary indexes dropped first, "
            "built again after, in the same transaction"
        )
    assert Incident.objects.count() == loaded
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load; until then index-only scans visit the heap.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # Neighborhood page timings, as a running web process serves them: it does not carry an
    # import's leftovers (collected first, so a garbage-collector pass over them does not land
    # in a timed request) and has served a page before (templates compiled, URLs resolved).
    # That first, untimed page is the last neighborhood, which the timed requests reach only
    # with --requests 77 or more; the cache is cleared before every cold request anyway.
    import gc

    gc.collect()
    client = Client()
    codes = list(
        Area.objects.filter(kind="neighborhood").order_by("code").values_list("code", flat=True)
    )
    assert client.get(f"/areas/neighborhood/{codes[-1]}/").status_code == 200
    backend_cpu = _backend_cpu_reader(connection)
    cold, warm, cold_cpu, cold_db_cpu, cold_queries = [], [], [], [], []
    executed = [0]

    def count_queries(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    for i in range(args.requests):
        cache.clear()
        code = codes[i % len(codes)]
        db_before, cpu_before, executed[0] = backend_cpu(), time.process_time(), 0
        start = time.perf_counter()
        with connection.execute_wrapper(count_queries):
            response = client.get(f"/areas/neighborhood/{code}/")
        cold.append(time.perf_counter() - start)
        cold_cpu.append(time.process_time() - cpu_before)
        cold_db_cpu.append(backend_cpu() - db_before)
        cold_queries.append(executed[0])
        assert response.status_code == 200, response.status_code
    for i in range(args.requests):
        start = time.perf_counter()
        response = client.get(f"/areas/neighborhood/{codes[i % 5]}/")
        warm.append(time.perf_counter() - start)
    chart = []
    for i in range(args.requests):
        cache.clear()
        start = time.perf_counter()
        response = client.get(f"/data/stats/neighborhood/{codes[i % len(codes)]}/monthly.svg")
        chart.append(time.perf_counter() - start)
        assert response.status_code == 200
    result["chart_cold_ms"] = sorted(chart)
    # The crime statistics section alone (the area page also carries other apps' sections).
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from beatbridge.data.views import area_section

    section = []
    for i in range(args.requests):
        cache.clear()
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        area = Area.objects.get(kind="neighborhood", code=codes[i % len(codes)])
        start = time.perf_counter()
        data = area_section(request, area)
        render_to_string(data["template"], {"section": data, "area": area}, request=request)
        section.append(time.perf_counter() - start)
    result["section_cold_ms"] = sorted(section)
    result["page_cold_ms"] = sorted(cold)
    result["page_warm_ms"] = sorted(warm)
    result["page_cold_cpu"] = sorted(cold_cpu)
    result["page_cold_db_cpu"] = sorted(cold_db_cpu)
    result["page_cold_queries"] = sorted(cold_queries)
    print("RESULT " + json.dumps(result, default=str))


def _backend_cpu_reader(connection):
    """A function returning the CPU seconds the PostgreSQL backend serving ``connection`` has
    used so far (read from /proc when the server runs on this machine), else always 0."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat, tick = Path(f"/proc/{pid}/stat"), os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # not on this machine
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    return read


# --------------------------------------------------------------------------- parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(workdir: Path) -> tuple[str, Path] | None:
    if not (PG_BIN / "initdb").exists():
        return None
    data = workdir / "pg"
    port = free_port()
    data.mkdir()
    shutil.chown(data, "postgres") if os.geteuid() == 0 else None
    shutil.chown(workdir, "postgres") if os.geteuid() == 0 else None
    prefix = ["su", "postgres", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    subprocess.run(
        [*prefix, f"{PG_BIN}/initdb -D {data} -A trust -U postgres"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            *prefix,
            f"{PG_BIN}/pg_ctl -D {data} -l {workdir}/pg.log -w start -o "
            f"'-p {port} -k {workdir} -c listen_addresses=127.0.0.1 {PG_BULK_SETTINGS}'",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
    ) as conn:
        conn.execute("CREATE DATABASE bench")
    return f"postgres://postgres@127.0.0.1:{port}/bench", data


def stop_postgres(data: Path) -> None:
    prefix = ["su", "postgres", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    subprocess.run(
        [*prefix, f"{PG_BIN}/pg_ctl -D {data} -m fast stop"], check=False, stdout=subprocess.DEVNULL
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def run_child(backend: str, database_url: str | None, args, workdir: Path, csv_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        BEATBRIDGE_DATA_DIR=str(workdir / backend),
        BEATBRIDGE_HTTPS="false",
        DEBUG="false",
        HUEY_IMMEDIATE="true",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--rows",
            str(args.rows),
            "--csv",
            str(csv_path),
            "--workdir",
            str(workdir),
            "--requests",
            str(args.requests),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{backend} run failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def report(r: dict) -> None:
    ours = r["imported"] / r["ours_seconds"]
    raw = r["imported"] / r["raw_seconds"]
    print(
        f"\n== {r['backend']} ({r['rows']:,} rows read, {r['imported']:,} imported, "
        f"{r['rejected']:,} rejected: outside the areas)"
    )
    print(
        f"  beatbridge import : {r['ours_seconds']:8.2f} s  {ours:>10,.0f} rows/s  "
        f"(CPU: this process {r['ours_cpu']:.2f} s"
        + (f", database backend {r['ours_db_cpu']:.2f} s)" if r.get("ours_db_cpu") else ")")
    )
    if r.get("raw_db_cpu"):
        raw_cpu = f"; database backend CPU {r['raw_db_cpu']:.2f} s"
    elif r.get("raw_cpu"):
        raw_cpu = f"; CPU: this process {r['raw_cpu']:.2f} s"
    else:
        raw_cpu = ""
    print(
        f"  raw bulk load     : {r['raw_seconds']:8.2f} s  {raw:>10,.0f} rows/s  "
        f"({r['raw_method']}{raw_cpu})"
    )
    ratio = r["ours_seconds"] / r["raw_seconds"]
    print(f"  ratio: the import takes {ratio:.2f}x the raw load's time")
    if r.get("raw_rebuild_seconds"):
        rebuilt = r["imported"] / r["raw_rebuild_seconds"]
        if r.get("raw_rebuild_db_cpu"):
            cpu = f"; database backend CPU {r['raw_rebuild_db_cpu']:.2f} s"
        else:
            cpu = f"; CPU: this process {r['raw_rebuild_cpu']:.2f} s"
        print(
            f"  raw, rebuilding   : {r['raw_rebuild_seconds']:8.2f} s  {rebuilt:>10,.0f} rows/s  "
            f"({r['raw_rebuild_method']}{cpu})"
        )
        ratio = r["ours_seconds"] / r["raw_rebuild_seconds"]
        print(f"  ratio: the import takes {ratio:.2f}x that raw load's time")
    cold, warm = r["page_cold_ms"], r["page_warm_ms"]
    print(f"  neighborhood page, {len(cold)} requests with {r['imported']:,} incidents loaded:")
    print(
        f"    cold (cache cleared, a different neighborhood each time): "
        f"p50 {sorted(cold)[len(cold) // 2] * 1000:.0f} ms, p95 {p95(cold):.0f} ms"
    )
    if r.get("page_cold_cpu"):
        cpu, db_cpu, nq = r["page_cold_cpu"], r["page_cold_db_cpu"], r["page_cold_queries"]
        backend = (
            f"; the database backend p50 {db_cpu[len(db_cpu) // 2] * 1000:.0f} ms, "
            f"p95 {p95(db_cpu):.0f} ms"
            if r["backend"] == "postgresql"
            else " (SQLite runs inside it)"
        )
        print(
            f"      its CPU: this process p50 {cpu[len(cpu) // 2] * 1000:.0f} ms, "
            f"p95 {p95(cpu):.0f} ms{backend}; {nq[0]}-{nq[-1]} SQL queries"
        )
    section = r["section_cold_ms"]
    print(
        f"    the crime statistics section alone, cold: "
        f"p50 {sorted(section)[len(section) // 2] * 1000:.0f} ms, p95 {p95(section):.0f} ms"
    )
    chart = r["chart_cold_ms"]
    print(
        f"    its monthly chart (a separate SVG image, matplotlib), cold: "
        f"p50 {sorted(chart)[len(chart) // 2] * 1000:.0f} ms, p95 {p95(chart):.0f} ms"
    )
    print(
        f"    warm (cached figures): p50 {sorted(warm)[len(warm) // 2] * 1000:.0f} ms, "
        f"p95 {p95(warm):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bb-bench-"))
    os.chmod(workdir, 0o777)
    pg_data = None
    try:
        start = time.perf_counter()
        csv_path = prepare_csv(args.rows, workdir / "incidents.csv")
        os.chmod(csv_path, 0o644)
        print(
            f"Prepared {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        for backend in args.backends.split(","):
            url = None
            if backend == "postgresql":
                url = os.environ.get("DATABASE_URL", "")
                if not url.startswith(("postgres://", "postgresql://")):
                    started = start_postgres(workdir)
                    if started is None:
                        print(
                            "\n== postgresql: skipped (no DATABASE_URL and no PostgreSQL binaries)"
                        )
                        continue
                    url, pg_data = started
            report(run_child(backend, url, args, workdir, csv_path))
    finally:
        if pg_data is not None:
            stop_postgres(pg_data)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
