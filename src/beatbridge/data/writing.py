"""Writing imported rows: COPY and upserts (PostgreSQL), executemany (SQLite), and the large-load
path that drops a table's secondary indexes and foreign keys, streams the rows and builds them
again (see :mod:`beatbridge.data.importer` for the whole pipeline).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

from django.db import connection, models, transaction

from .models import EnforcementAction, Incident

logger = logging.getLogger(__name__)

COMMON_COLUMNS = [
    "source",
    "source_id",
    "row_hash",
    "occurred_at",
    "local_month",
    "local_weekday",
    "local_hour",
    "category_id",
    "is_minor",
    "lon",
    "lat",
    "public_lon",
    "public_lat",
    "h3_cell",
    "beat_id",
    "district_id",
    "neighborhood_id",
    "imported_at",
    "updated_at",
]
EXTRA_COLUMNS = {
    "incidents": ["offense", "premise", "block", "is_sensitive"],
    "enforcement": ["kind", "violation", "outcome", "reason", "is_synthetic"],
}
MODELS = {"incidents": Incident, "enforcement": EnforcementAction}
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

#: maintenance_work_mem for rebuilding the indexes (SET LOCAL: this transaction only; never
#: lowered below the server's own setting).
BULK_MAINTENANCE_WORK_MEM_MB = 512
#: How long a bulk load waits for its locks before it falls back to the chunk-by-chunk path.
BULK_LOCK_TIMEOUT_MS = 5000
#: Whether the bulk path also rebuilds the unique (source, source_id) constraint rather than
#: keep it during the load. Keeping it moves its cost into the streaming phase, where the
#: database works beside the parsing, instead of the serial rebuild after it (measured: the
#: same total CPU give or take, about 1 s less wall time for 1M rows on two cores).
REBUILD_UNIQUE = False


def _sql_names(kind: str) -> tuple[str, list[str]]:
    model = MODELS[kind]
    return model._meta.db_table, COMMON_COLUMNS + EXTRA_COLUMNS[kind]


def _upsert_sql(table: str, columns: list[str], select_from: str | None) -> str:
    keep = {"source", "source_id", "imported_at"}
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keep)
    names = ", ".join(columns)
    if select_from:
        body = f"SELECT {names} FROM {select_from}"  # noqa: S608 - identifiers are ours
    else:
        body = "VALUES (" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {table} ({names}) {body} "  # noqa: S608 - identifiers are ours
        f"ON CONFLICT (source, source_id) DO UPDATE SET {sets} "
        f"WHERE {table}.row_hash <> excluded.row_hash"
    )


def _escape_texts(values: list[str]) -> list[str]:
    """Strings in COPY text format (backslash escapes only where needed)."""
    joined = "\x00".join(values)  # one C-speed scan instead of a Python loop
    if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
        return [v.translate(_ESCAPE) for v in values]
    return values


def _copy_text(values: list[Any]) -> list[str]:
    """One column in COPY text format (\\N for NULL, backslash escapes only where needed)."""
    if not values:
        return []
    sample = next((v for v in values if v is not None), None)
    has_null = sample is None or None in values
    if isinstance(sample, bool):
        return ["\\N" if v is None else ("t" if v else "f") for v in values]
    if isinstance(sample, str):
        if has_null:
            return ["\\N" if v is None else v.translate(_ESCAPE) for v in values]
        return _escape_texts(values)
    if has_null:
        return ["\\N" if v is None else str(v) for v in values]
    return list(map(str, values))


def _copy_lines(text_columns: list[list[str]]) -> list[str]:
    return list(map("\t".join, zip(*text_columns, strict=True)))


def _payload(lines: list[str], rows: list[int] | None = None) -> bytes:
    if rows is not None:
        lines = [lines[i] for i in rows]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _existing_hashes(cursor: Any, table: str, keys: list[tuple[str, str]]) -> dict:
    """{(source, source_id): row_hash} of the given keys that are already stored."""
    by_source: dict[str, list[str]] = {}
    for source, sid in keys:
        by_source.setdefault(source, []).append(sid)
    existing: dict[tuple[str, str], str] = {}
    for source, ids in by_source.items():
        cursor.execute(
            f"SELECT source_id, row_hash FROM {table} "  # noqa: S608 - identifiers are ours
            "WHERE source = %s AND source_id = ANY(%s)",
            [source, ids],
        )
        existing.update({(source, sid): h for sid, h in cursor.fetchall()})
    return existing


def _write_postgres(
    table: str,
    names: list[str],
    keys: list[tuple[str, str]],
    hashes: list[str],
    lines: list[str],
) -> int:
    """PostgreSQL: COPY new rows straight into the table; changed rows via a temp table + upsert.

    ``lines`` are the rows in COPY text format, columns in the order of ``names``. Which rows
    are new or changed is read first with one indexed lookup per chunk (``source_id =
    ANY(...)``). New rows then take COPY's fast multi-row insert path. Changed rows (and,
    should a concurrent import insert the same ids between lookup and COPY, the whole chunk)
    go through ``COPY`` into a temporary table followed by ``INSERT … ON CONFLICT (source,
    source_id) DO UPDATE … WHERE the row hash changed``.
    """
    from django.db import IntegrityError

    with connection.cursor() as cursor:
        existing = _existing_hashes(cursor, table, keys)
    new = [i for i, key in enumerate(keys) if key not in existing]
    changed = [i for i, key in enumerate(keys) if key in existing and existing[key] != hashes[i]]
    col_list = ", ".join(names)
    written = 0
    if new:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                payload = _payload(lines, None if len(new) == len(keys) else new)
                with cursor.cursor.copy(f"COPY {table} ({col_list}) FROM STDIN") as copy:
                    copy.write(payload)
            written += len(new)
        except IntegrityError:
            changed = sorted(new + changed)
    if changed:
        written += _upsert_postgres(table, names, [lines[i] for i in changed])
    return written


def _upsert_postgres(table: str, names: list[str], lines: list[str]) -> int:
    """Merge rows (COPY text lines) that may exist: update those whose hash changed."""
    temp = f"_bb_load_{table}"
    col_list = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {temp} AS "  # noqa: S608 - identifiers are ours
            f"SELECT {col_list} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {temp}")
        with cursor.cursor.copy(f"COPY {temp} ({col_list}) FROM STDIN") as copy:
            copy.write(_payload(lines))
        cursor.execute(_upsert_sql(table, names, temp))
        return max(cursor.rowcount, 0)


def write_rows(kind: str, columns: dict[str, list[Any]]) -> int:
    """Upsert rows given column-wise; return how many rows were inserted or changed.

    Both paths implement the same rule: insert new (source, source_id) pairs, update a
    stored row only when its row hash differs, leave identical rows untouched.
    """
    table, names = _sql_names(kind)
    count = len(columns["source_id"])
    if count == 0:
        return 0
    if connection.vendor == "postgresql":
        keys = list(zip(columns["source"], columns["source_id"], strict=True))
        lines = _copy_lines([_copy_text(columns[n]) for n in names])
        return _write_postgres(table, names, keys, columns["row_hash"], lines)
    params = list(zip(*(columns[n] for n in names), strict=True))
    with connection.cursor() as cursor:
        cursor.executemany(_upsert_sql(table, names, None), params)
        return max(cursor.rowcount, 0)


def _rebuildable(model: type) -> list[tuple[str, str, str, str]]:
    """(name, drop SQL, create SQL, referenced table) of what a bulk load rebuilds.

    All from the Django model (so the model and its migrations stay the truth): its foreign
    keys (PostgreSQL), its indexes (``Meta.indexes``) and, with ``REBUILD_UNIQUE``, its unique
    constraints; each only when the database has it under the model's name (a database that
    differs from the model is left alone). In drop order; create in reverse order.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        present = connection.introspection.get_constraints(cursor, table)
    found: list[tuple[str, str, str, str]] = []
    # Only to write SQL: never entered, so it runs nothing (SQLite's refuses to be entered
    # inside a transaction with foreign-key checks on).
    editor = connection.schema_editor(atomic=False, collect_sql=True)
    editor.deferred_sql = []  # what entering would have set
    for f in model._meta.local_concrete_fields:
        if f.remote_field is None or not f.db_constraint or connection.vendor == "sqlite":
            continue  # SQLite: foreign keys are part of the table itself
        suffix = "_fk_%(to_table)s_%(to_column)s"
        name = str(editor._fk_constraint_name(model, f, suffix)).strip('"')
        if present.get(name, {}).get("foreign_key"):
            create = str(editor._create_fk_sql(model, f, suffix))
            drop = str(editor._delete_fk_sql(model, name))
            found.append((name, drop, create, f.related_model._meta.db_table))
    for index in model._meta.indexes:
        if index.name in present and present[index.name].get("index"):
            found.append(
                (
                    index.name,
                    str(index.remove_sql(model, editor)),
                    str(index.create_sql(model, editor)),
                    "",
                )
            )
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not REBUILD_UNIQUE:
            continue
        if constraint.name in present and present[constraint.name].get("unique"):
            found.append(
                (
                    constraint.name,
                    str(constraint.remove_sql(model, editor)),
                    str(constraint.create_sql(model, editor)),
                    "",
                )
            )
    return found


class _BulkLoad:
    """PostgreSQL large load: indexes and constraints rebuilt, rows streamed by a 2nd thread.

    Runs inside the import's transaction, which first takes ``ACCESS EXCLUSIVE`` locks on the
    table and on the tables its foreign keys reference (areas, offense categories), as
    ``DROP INDEX`` / ``DROP CONSTRAINT`` would anyway: nobody else reads or writes them until
    the import commits or rolls back, which also makes the snapshot of existing ids exact.
    That is why this path is kept for loads that are large compared with the table. The
    unique (source, source_id) constraint stays (see ``REBUILD_UNIQUE``); rows whose id is
    already stored with another hash are merged after the rebuild, like the usual path does.
    """

    @classmethod
    def start(cls, model: type, source: str, names: list[str]) -> _BulkLoad | None:
        """Lock, drop what gets rebuilt and start streaming; None if that cannot be done now.

        None when the tables cannot be locked within ``BULK_LOCK_TIMEOUT_MS`` (waiting longer
        would stall every page that reads them, queued behind the request), or when the
        caller's transaction has pending trigger events on them.
        """
        from django.db import OperationalError

        table = model._meta.db_table
        rebuild = _rebuildable(model)
        tables = [table, *sorted({r[3] for r in rebuild if r[3]})]
        cursor = connection.cursor()
        try:
            with transaction.atomic():
                cursor.execute(f"SET LOCAL lock_timeout = {int(BULK_LOCK_TIMEOUT_MS)}")
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
                # Foreign-key checks still pending in this transaction (deferred): now.
                foreign_keys = [connection.ops.quote_name(r[0]) for r in rebuild if r[3]]
                if foreign_keys:
                    cursor.execute(f"SET CONSTRAINTS {', '.join(foreign_keys)} IMMEDIATE")
                for _name, drop, _create, _referenced in rebuild:
                    cursor.execute(drop)
        except OperationalError as exc:
            cursor.close()
            logger.info("bulk load not possible now (%s); loading chunk by chunk", exc)
            return None
        return cls(model, source, names, rebuild, cursor)

    def __init__(
        self,
        model: type,
        source: str,
        names: list[str],
        rebuild: list[tuple[str, str, str, str]],
        cursor: Any,
    ) -> None:
        self.table = table = model._meta.db_table
        self.names = names
        self.rebuild = rebuild
        self.changed: list[str] = []
        self.written = 0
        self.error: BaseException | None = None
        cursor.execute(
            f"SELECT source_id, row_hash FROM {table} WHERE source = %s",  # noqa: S608
            [source],
        )
        self.existing: dict[str, str] = dict(cursor.fetchall())
        cursor.execute("SHOW maintenance_work_mem")
        current = _megabytes(cursor.fetchone()[0])
        if current < BULK_MAINTENANCE_WORK_MEM_MB:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BULK_MAINTENANCE_WORK_MEM_MB}MB'")
        self.cursor = cursor
        self.copy_sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
        # The thread only ever uses the psycopg cursor; the main thread does not touch the
        # connection while a COPY runs except through psycopg's own connection lock.
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._stream, args=(cursor.cursor,), daemon=True)
        self.thread.start()

    def _stream(self, raw_cursor: Any) -> None:
        while (payload := self.queue.get()) is not None:
            if self.error is not None:
                continue  # keep draining so the producer never blocks
            try:
                with raw_cursor.copy(self.copy_sql) as copy:
                    copy.write(payload)
            except BaseException as exc:  # re-raised in the main thread
                self.error = exc

    def add(self, source_ids: list[str], hashes: list[str], lines: list[str]) -> None:
        if self.error is not None:
            raise self.error
        existing = self.existing
        if existing:
            new = [i for i, sid in enumerate(source_ids) if sid not in existing]
            self.changed += [
                lines[i]
                for i, sid in enumerate(source_ids)
                if sid in existing and existing[sid] != hashes[i]
            ]
            payload = _payload(lines, None if len(new) == len(lines) else new) if new else b""
        else:
            new, payload = lines, _payload(lines)
        if new:
            self.queue.put(payload)
            self.written += len(new)

    def _stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def finish(self) -> int:
        self._stop()
        if self.error is not None:
            raise self.error
        for name, _drop, create, _referenced in reversed(self.rebuild):
            started = time.perf_counter()
            self.cursor.execute(create)
            logger.debug("rebuilt %s in %.2f s", name, time.perf_counter() - started)
        if self.changed:
            self.written += _upsert_postgres(self.table, self.names, self.changed)
        self.cursor.close()
        return self.written

    def abort(self) -> None:
        self._stop()
        self.cursor.close()


def _megabytes(setting: str) -> float:
    units = {"kB": 1 / 1024, "MB": 1, "GB": 1024, "TB": 1024 * 1024}
    for unit, factor in units.items():
        if setting.endswith(unit):
            return float(setting[: -len(unit)]) * factor
    return float(setting) / (1024 * 1024)


class _SqliteBulkLoad:
    """SQLite large load: the model's secondary indexes dropped, rows upserted, indexes built.

    SQLite's schema changes are transactional: a failure restores the indexes with the rows.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.rebuild = _rebuildable(MODELS[kind])
        self.written = 0
        with connection.cursor() as cursor:
            for _name, drop, _create, _referenced in self.rebuild:
                cursor.execute(drop)

    def add_columns(self, columns: dict[str, list[Any]]) -> None:
        self.written += write_rows(self.kind, columns)

    def finish(self) -> int:
        with connection.cursor() as cursor:
            for _name, _drop, create, _referenced in reversed(self.rebuild):
                cursor.execute(create)
        return self.written

    def abort(self) -> None:
        pass


class _ChunkWriter:
    """The usual path: each chunk upserted on its own (PostgreSQL or SQLite)."""

    def __init__(self, kind: str, names: list[str]) -> None:
        self.kind = kind
        self.table = MODELS[kind]._meta.db_table
        self.names = names
        self.written = 0

    def add_lines(self, keys: list[tuple[str, str]], hashes: list[str], lines: list[str]) -> None:
        self.written += _write_postgres(self.table, self.names, keys, hashes, lines)

    def add_columns(self, columns: dict[str, list[Any]]) -> None:
        self.written += write_rows(self.kind, columns)

    def finish(self) -> int:
        return self.written

    def abort(self) -> None:
        pass


# --------------------------------------------------------------------------- the import
