"""Large loads rebuild indexes (PostgreSQL: and foreign keys); every import is all or nothing.

The bulk path is exercised with tiny thresholds (BULK_MIN_ROWS = 1, chunks of 100 rows), so
several chunks stream through the second thread while the next ones are parsed.
"""

import random

import pytest
from django.db import DatabaseError, connection

from beatbridge.data import importer, parsing, writing
from beatbridge.data.importer import import_file
from beatbridge.data.mapping import load_mapping
from beatbridge.data.models import EnforcementAction, Incident
from beatbridge.data.services import run_import

from .conftest import SIMPLE_MAPPING, write_csv

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk path is PostgreSQL's"
)
HEADER = ["id", "date", "offense", "lon", "lat", "block"]


def rows(count, start=0, offense="ASSAULT"):
    rng = random.Random(start)
    return [
        [
            f"r{i}",
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}",
            offense,
            f"{-87.6999 + rng.random() * 0.029:.6f}",  # inside the test city
            f"{41.8001 + rng.random() * 0.0098:.6f}",
            f"{i:03d}XX W MAIN ST",
        ]
        for i in range(start, start + count)
    ]


def schema(model=Incident):
    """Every index and constraint of the table, with its full definition."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = %s ORDER BY name",
                [model._meta.db_table],
            )
            return cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY 1",
            [model._meta.db_table, model._meta.db_table],
        )
        return cursor.fetchall()


@pytest.fixture
def bulk(city, monkeypatch):
    if connection.vendor == "postgresql":
        # The test's transaction still holds the deferred foreign-key checks of the areas it
        # created, which would keep the bulk path from altering them (an import runs in a
        # transaction of its own): run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    monkeypatch.setattr(importer, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "CHUNK_ROWS", 100)
    started = []
    real_sqlite = importer._SqliteBulkLoad

    def sqlite_start(*args):
        load = real_sqlite(*args)
        started.append(load)
        return load

    monkeypatch.setattr(importer, "_SqliteBulkLoad", sqlite_start)
    real = importer._BulkLoad.start.__func__

    def start(cls, *args):
        load = real(cls, *args)
        started.append(load)
        return load

    monkeypatch.setattr(importer._BulkLoad, "start", classmethod(start))
    return started


@pytest.fixture
def mapping():
    return load_mapping("t.toml", text=SIMPLE_MAPPING)


def stored():
    """Every stored value of every incident but the row id and the import times."""
    fields = [
        f.attname
        for f in Incident._meta.concrete_fields
        if f.attname not in ("id", "imported_at", "updated_at")
    ]
    return {row[1]: row for row in Incident.objects.values_list(*fields)}


def test_bulk_load_matches_the_usual_path_and_leaves_the_same_indexes(
    city, bulk, mapping, tmp_path, monkeypatch
):
    before = schema()
    assert any(name == "incident_nbhd_when" for name, _ in before)
    path = write_csv(tmp_path / "in.csv", HEADER, rows(450))
    result = import_file(path, mapping)
    assert len(bulk) == 1 and bulk[0] is not None  # the bulk path ran
    assert (result.rows, result.imported, result.updated, result.rejected) == (450, 450, 0, 0)
    assert schema() == before
    loaded = stored()
    # The usual path gives the very same rows.
    Incident.objects.all().delete()
    monkeypatch.setattr(importer, "BULK_MIN_ROWS", 10**9)
    assert import_file(path, mapping).imported == 450
    assert stored() == loaded


def test_bulk_load_updates_changed_rows_and_adds_new_ones(city, bulk, mapping, tmp_path):
    first = rows(150)
    assert import_file(write_csv(tmp_path / "a.csv", HEADER, first), mapping).imported == 150
    changed = [r[:] for r in first]
    changed[7][5] = "CHANGED BLOCK"
    path = write_csv(tmp_path / "b.csv", HEADER, changed + rows(300, start=150))
    result = import_file(path, mapping)
    assert bulk[-1] is not None  # 300 new rows: the bulk path
    assert (result.imported, result.updated, result.unchanged) == (300, 1, 149)
    assert Incident.objects.get(source_id="r7").block == "CHANGED BLOCK"
    assert Incident.objects.count() == 450
    # Re-importing the same file changes nothing (and takes the usual path: nothing is new).
    again = import_file(path, mapping)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 450)


@postgres_only
def test_failure_while_streaming_rolls_back_rows_indexes_and_keys(
    city, bulk, mapping, tmp_path, monkeypatch
):
    import_file(write_csv(tmp_path / "a.csv", HEADER, rows(50)), mapping)
    before_schema, before_rows = schema(), stored()
    real_payload = writing._payload
    calls = []

    def broken(lines, subset=None):
        calls.append(1)
        if len(calls) == 3:  # the third chunk reaches the database malformed
            return b"not\ta\trow\n"
        return real_payload(lines, subset)

    monkeypatch.setattr(writing, "_payload", broken)
    path = write_csv(tmp_path / "b.csv", HEADER, rows(500, start=50))
    with pytest.raises(DatabaseError):
        run_import(path, mapping)
    assert bulk[-1] is not None
    assert schema() == before_schema
    assert stored() == before_rows


@postgres_only
def test_a_busy_table_falls_back_to_the_usual_path(city, bulk, mapping, tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "BULK_LOCK_TIMEOUT_MS", 50)
    other = connection.copy()
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:  # a long read of the areas, in another session
            cursor.execute("LOCK TABLE areas_area IN ACCESS SHARE MODE")
        result = import_file(write_csv(tmp_path / "a.csv", HEADER, rows(250)), mapping)
    finally:
        other.rollback()
        other.close()
    assert bulk == [None]  # could not lock in time: loaded chunk by chunk instead
    assert result.imported == 250


def test_dry_runs_and_small_files_take_the_usual_path(city, mapping, tmp_path, monkeypatch):
    def refuse(*args):
        raise AssertionError("bulk path used")

    monkeypatch.setattr(importer._BulkLoad, "start", refuse)
    path = write_csv(tmp_path / "a.csv", HEADER, rows(30))
    assert import_file(path, mapping).imported == 30  # far below BULK_MIN_ROWS
    monkeypatch.setattr(importer, "BULK_MIN_ROWS", 1)
    dry = import_file(
        write_csv(tmp_path / "b.csv", HEADER, rows(20, start=30)), mapping, dry_run=True
    )
    assert dry.imported == 20
    assert Incident.objects.count() == 30


def test_a_failure_in_a_later_chunk_saves_nothing(city, mapping, tmp_path, monkeypatch):
    """One import, one transaction (both databases, both paths)."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 100)
    import_file(write_csv(tmp_path / "a.csv", HEADER, rows(40)), mapping)
    before = stored()
    real = parsing.local_to_utc
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(parsing, "local_to_utc", failing)
    path = write_csv(tmp_path / "b.csv", HEADER, rows(450, start=40))
    with pytest.raises(RuntimeError):
        run, _ = run_import(path, mapping)
    assert stored() == before
    from beatbridge.data.models import ImportRun

    failed = ImportRun.objects.latest("pk")
    assert failed.status == "failed" and "disk on fire" in failed.error


def test_overlong_ids_are_rejected_with_a_reason(city, mapping, tmp_path):
    data = rows(3)
    data[1][0] = "x" * 65
    result = import_file(write_csv(tmp_path / "a.csv", HEADER, data), mapping)
    assert (result.imported, result.rejected) == (2, 1)
    assert result.reasons == {"source id too long": 1}


@postgres_only
def test_rebuilt_statements_come_from_the_model(db):
    names = {r[0] for r in writing._rebuildable(Incident)}
    assert {i.name for i in Incident._meta.indexes} <= names
    fks = {r[0] for r in writing._rebuildable(Incident) if r[3]}
    assert len(fks) == 4  # category, beat, district, neighborhood
    assert {r[0] for r in writing._rebuildable(EnforcementAction)} >= {
        i.name for i in EnforcementAction._meta.indexes
    }


def test_sqlite_failure_restores_the_indexes(bulk, mapping, tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: see test_failure_while_streaming_rolls_back_rows_indexes_and_keys")
    import_file(write_csv(tmp_path / "a.csv", HEADER, rows(50)), mapping)
    before_schema, before_rows = schema(), stored()
    real = writing.write_rows
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(writing, "write_rows", failing)
    with pytest.raises(RuntimeError):
        import_file(write_csv(tmp_path / "b.csv", HEADER, rows(450, start=50)), mapping)
    assert bulk[-1] is not None
    assert schema() == before_schema
    assert stored() == before_rows
