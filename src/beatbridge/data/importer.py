"""The fast bulk importer behind ``import_incidents`` / ``import_enforcement`` and the admin.

A file is read in chunks; each chunk is parsed column-wise with numpy, placed in areas with the
vectorized locator (once per distinct point of the whole file), generalized, and written in
bulk. One import is one transaction: it is saved whole or, on any failure, not at all.

* PostgreSQL, usual imports: per chunk, one indexed lookup of which ids exist; new rows are
  ``COPY``'d straight into the table, changed rows ``COPY``'d into a temporary table and merged
  with ``INSERT … ON CONFLICT (source, source_id) DO UPDATE … WHERE the row hash changed``.
* PostgreSQL, large loads (many new rows compared with the table: a first load, a backfill):
  the documented bulk-load practice (PostgreSQL manual, *Populating a Database*): inside the
  import's transaction the model's secondary indexes (``Meta.indexes``) and its foreign keys
  are dropped, all new rows are streamed with ``COPY`` by a second thread while the next
  chunk is parsed, then the indexes and foreign keys are built again from the Django model —
  in bulk, several times cheaper than maintaining them row by row (a deferred foreign-key
  check per row and column alone costs more than the whole COPY). A failure rolls everything
  back, indexes and constraints included. The tables stay locked meanwhile; if they cannot be
  locked within a few seconds the import takes the usual path instead.
* SQLite (≥ 3.24): ``executemany`` of the same ``INSERT … ON CONFLICT … DO UPDATE``.

Every row is either written or rejected with its row number and reason. Rows without a source
id get a stable one: a hash of the mapping's key columns plus the occurrence number of that
key in the file, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import gc
import gzip
import hashlib
import io
import itertools
import json
import logging
import operator
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from beatbridge.areas import locator

from . import parsing
from .mapping import Mapping, MappingError
from .models import OffenseCategory, copy_sensitive_flags
from .writing import (
    MODELS,
    _BulkLoad,
    _ChunkWriter,
    _escape_texts,
    _SqliteBulkLoad,
)

logger = logging.getLogger(__name__)

CHUNK_ROWS = 100_000
#: PostgreSQL: a load expected to add at least this many new rows, and at least this fraction
#: of the rows already in the table, takes the bulk path (indexes rebuilt, not maintained).
BULK_MIN_ROWS = 100_000
BULK_TABLE_FRACTION = 0.2
#: Distinct points remembered across chunks (area ids, generalized location, COPY text).
POINT_CACHE_LIMIT = 2_000_000
AREA_KINDS = ("beat", "district", "neighborhood")

R_FIELDS = "wrong number of fields"
R_NO_DATE = "missing date"
R_BAD_DATE = "unparseable date"
R_NO_COORDS = "missing or unparseable coordinates"
R_OUTSIDE = "coordinates outside the areas"
R_CATEGORY = "unknown category"
R_KIND = "unknown enforcement kind"
R_DUPLICATE = "duplicate source id in file"
R_NO_ID = "missing source id"
R_LONG_ID = "source id too long"


@dataclass
class ImportResult:
    source: str = ""
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    reject_file: str = ""
    dry_run: bool = False
    reasons: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        text = (
            f"{self.rows} rows: {self.imported} imported, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        if self.reasons:
            text += " (" + ", ".join(f"{r}: {n}" for r, n in self.reasons.most_common()) + ")"
        if self.dry_run:
            text += " — dry run, nothing was saved"
        return text


class ImportFileError(Exception):
    """The file cannot be read at all (missing, wrong format, missing columns)."""


ProgressCallback = Callable[[float, ImportResult], None]


# --------------------------------------------------------------------------- reading


class _ByteCounter:
    def __init__(self, path: Path) -> None:
        self.raw = open(path, "rb")  # noqa: SIM115 - closed by the reader
        self.size = max(os.path.getsize(path), 1)

    def fraction(self) -> float:
        try:
            return min(self.raw.tell() / self.size, 1.0)
        except (OSError, ValueError):
            return 1.0


def _open_text(path: Path, encoding: str) -> tuple[io.TextIOBase, _ByteCounter]:
    counter = _ByteCounter(path)
    with open(path, "rb") as probe:
        magic = probe.read(2)
    stream: Any = gzip.GzipFile(fileobj=counter.raw) if magic == b"\x1f\x8b" else counter.raw
    return io.TextIOWrapper(stream, encoding=encoding, newline="", errors="replace"), counter


def _read_csv(
    path: Path, mapping: Mapping
) -> tuple[list[str], Iterator[list[list[str]]], _ByteCounter]:
    text, counter = _open_text(path, mapping.encoding)
    reader = csv.reader(text, delimiter=mapping.delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        text.close()
        raise ImportFileError(f"{path.name} is empty.") from exc
    except csv.Error as exc:
        text.close()
        raise ImportFileError(f"{path.name} is not a readable CSV file: {exc}") from exc
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]

    def chunks() -> Iterator[list[list[str]]]:
        try:
            while block := list(itertools.islice(reader, CHUNK_ROWS)):
                yield block
        finally:
            text.close()

    return header, chunks(), counter


def _read_geojson(
    path: Path, mapping: Mapping
) -> tuple[list[str], Iterator[list[list[str]]], _ByteCounter]:
    text, counter = _open_text(path, mapping.encoding)
    try:
        data = json.load(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path.name} is not valid GeoJSON: {exc}") from exc
    finally:
        text.close()
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ImportFileError(f"{path.name} is not a GeoJSON FeatureCollection.")
    keys: dict[str, None] = {}
    for feature in features:
        keys.update(dict.fromkeys((feature or {}).get("properties") or {}))
    header = [*keys, "__lon", "__lat"]
    rows = []
    for feature in features:
        props = (feature or {}).get("properties") or {}
        row = ["" if props.get(k) is None else str(props.get(k)) for k in keys]
        coords = ((feature or {}).get("geometry") or {}).get("coordinates")
        if (
            isinstance(coords, list)
            and len(coords) >= 2
            and all(isinstance(c, int | float) for c in coords[:2])
        ):
            row += [repr(coords[0]), repr(coords[1])]
        else:
            row += ["", ""]
        rows.append(row)

    def chunks() -> Iterator[list[list[str]]]:
        for start in range(0, len(rows), CHUNK_ROWS):
            yield rows[start : start + CHUNK_ROWS]

    return header, chunks(), counter


# --------------------------------------------------------------------------- categories


@dataclass
class _CategoryInfo:
    id: int
    is_minor: bool
    is_sensitive: bool


def ensure_local_categories(mapping: Mapping) -> None:
    """Create the local sub-categories a mapping declares (under their NIBRS parent)."""
    for local in mapping.local_categories:
        parent = OffenseCategory.objects.filter(code=local.parent).first()
        if parent is None:
            raise MappingError([f"local category {local.code}: no parent category {local.parent}."])
        OffenseCategory.objects.get_or_create(
            code=local.code,
            defaults={
                "name_en": local.name_en,
                "name_es": local.name_es,
                "group": parent.group,
                "crime_against": parent.crime_against,
                "parent": parent,
                "is_minor": local.is_minor,
                "is_sensitive": local.is_sensitive,
                "is_local": True,
            },
        )


def _check_categories(mapping: Mapping, categories: dict[str, _CategoryInfo]) -> None:
    codes = [mapping.constant_category, mapping.fallback_category]
    codes += [rule.category for rule in mapping.offenses.values()]
    missing = sorted({c for c in codes if c and c not in categories})
    if missing:
        raise MappingError(
            [f"unknown offense category code(s) in the mapping: {', '.join(missing)}"]
        )


def _recopy_changed_flags(categories: dict[str, _CategoryInfo]) -> None:
    """A category marked (not) sensitive while the file was read: bring the copied flag of
    its incidents, this file's included, in line (public outputs read the category's own
    flag, so this only keeps the copy right)."""
    now = dict(OffenseCategory.objects.values_list("pk", "is_sensitive"))
    moved = [c.id for c in categories.values() if now.get(c.id, c.is_sensitive) != c.is_sensitive]
    if moved:
        copy_sensitive_flags(moved)


class _CategoryResolver:
    def __init__(self, mapping: Mapping, categories: dict[str, _CategoryInfo]) -> None:
        self.mapping = mapping
        self.categories = categories
        self.cache: dict[tuple[str, str], tuple[int, bool, bool] | None] = {}

    def resolve(self, code_value: str, offense_text: str) -> tuple[int, bool, bool] | None:
        key = (code_value, offense_text)
        if key in self.cache:
            return self.cache[key]
        m = self.mapping
        found: tuple[int, bool, bool] | None = None
        code, minor = "", None
        if m.category_column and code_value.strip():
            code = code_value.strip()
            if code not in self.categories:
                code = (m.offenses.get(code.casefold()) or _Rule()).category
        elif m.offense_text_column:
            rule = m.offenses.get(offense_text.strip().casefold())
            if rule is not None:
                code, minor = rule.category, rule.is_minor
            else:
                code = m.fallback_category
        if not code and m.constant_category:
            code = m.constant_category
        info = self.categories.get(code) if code else None
        if info is not None:
            found = (info.id, info.is_minor if minor is None else minor, info.is_sensitive)
        self.cache[key] = found
        return found


@dataclass
class _Rule:
    category: str = ""


# --------------------------------------------------------------------------- writing


class _Rejects:
    def __init__(self, path: Path | None, header: list[str]) -> None:
        self.path = path
        self.header = header
        self.handle: io.TextIOBase | None = None
        self.writer: Any = None

    def add(self, row_number: int, reason: str, row: list[str]) -> None:
        if self.path is None:
            return
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self.writer = csv.writer(self.handle)
            self.writer.writerow(["row", "reason", *self.header])
        self.writer.writerow([row_number, reason, *row])

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _column(rows: list[list[str]], index: int | None) -> list[str]:
    if index is None:
        return [""] * len(rows)
    return list(map(operator.itemgetter(index), rows))


def _joined(rows: list[list[str]], indexes: list[int | None]) -> list[str]:
    """One column's values, or several columns' values joined with single spaces (a date
    split over YEAR, MONTH, DAY… columns); all parts empty gives an empty value."""
    if len(indexes) == 1:
        return _column(rows, indexes[0])
    parts = [_column(rows, i) for i in indexes]
    return list(map(" ".join, zip(*parts, strict=True)))


def _hash(text: str, digest_size: int = 10) -> str:
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=digest_size
    ).hexdigest()


def _null(value: int) -> str:
    return "\\N" if value < 0 else str(value)


class _Points:
    """Per distinct point of the file: area ids, generalized location, and its COPY text.

    Block-level data repeats points a lot (the Chicago files: about one distinct point per two
    rows), and again across chunks; each point is located and generalized once per import.
    """

    def __init__(self) -> None:
        self.index: dict[tuple[float, float], int] = {}
        self.lons = np.zeros(0)
        self.lats = np.zeros(0)
        self.areas = {k: np.zeros(0, dtype=np.int64) for k in AREA_KINDS}
        self.glon = np.zeros(0)
        self.glat = np.zeros(0)
        self.cells: list[str] = []
        self._text: list[str] = []
        self._text_array = np.zeros(0, dtype=object)

    def lookup(self, ulon: np.ndarray, ulat: np.ndarray) -> np.ndarray:
        """Global ids of distinct points, locating and generalizing the ones not seen yet."""
        keys = list(zip(ulon.tolist(), ulat.tolist(), strict=True))
        if len(self.index) + len(keys) > POINT_CACHE_LIMIT:
            self.__init__()  # type: ignore[misc] - start afresh rather than grow without bound
        get = self.index.get
        ids = np.fromiter((get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        miss = np.flatnonzero(ids < 0)
        if miss.size:
            mlon, mlat = ulon[miss], ulat[miss]
            found = locator.locate_many(mlon, mlat, kinds=AREA_KINDS)
            glon, glat, cells = parsing.generalize(mlon, mlat)
            base = len(self.cells)
            new_ids = np.arange(base, base + miss.size)
            self.index.update(zip([keys[i] for i in miss.tolist()], new_ids.tolist(), strict=True))
            self.lons = np.concatenate([self.lons, mlon])
            self.lats = np.concatenate([self.lats, mlat])
            for k in AREA_KINDS:
                self.areas[k] = np.concatenate([self.areas[k], found[k]])
            self.glon = np.concatenate([self.glon, glon])
            self.glat = np.concatenate([self.glat, glat])
            self.cells += cells
            ids[miss] = new_ids
        return ids

    def copy_text(self) -> np.ndarray:
        """Per point: ``lon lat public_lon public_lat h3_cell beat_id district_id nbhd_id``."""
        start = len(self._text)
        if start < len(self.cells):
            self._text += [
                f"{lo!r}\t{la!r}\t{glo!r}\t{gla!r}\t{cell}\t{_null(b)}\t{_null(d)}\t{_null(nb)}"
                for lo, la, glo, gla, cell, b, d, nb in zip(
                    np.round(self.lons[start:], 7).tolist(),
                    np.round(self.lats[start:], 7).tolist(),
                    self.glon[start:].tolist(),
                    self.glat[start:].tolist(),
                    self.cells[start:],
                    self.areas["beat"][start:].tolist(),
                    self.areas["district"][start:].tolist(),
                    self.areas["neighborhood"][start:].tolist(),
                    strict=True,
                )
            ]
            self._text_array = np.array(self._text, dtype=object)
        return self._text_array


#: COPY column order of the PostgreSQL path: constants, per-time, per-point and per-category
#: fields first (each formatted once per distinct value), then the per-row ones.
_COPY_HEAD = [
    "source",
    "imported_at",
    "updated_at",
    "occurred_at",
    "local_month",
    "local_weekday",
    "local_hour",
    "lon",
    "lat",
    "public_lon",
    "public_lat",
    "h3_cell",
    "beat_id",
    "district_id",
    "neighborhood_id",
    "category_id",
    "is_minor",
]
_COPY_TAIL = {
    "incidents": ["is_sensitive", "source_id", "row_hash", "offense", "premise", "block"],
    "enforcement": [
        "is_synthetic",
        "source_id",
        "row_hash",
        "kind",
        "violation",
        "outcome",
        "reason",
    ],
}


def _choose_writer(
    kind: str, source: str, expected_rows: float, dry_run: bool
) -> _ChunkWriter | _BulkLoad | _SqliteBulkLoad:
    """The bulk path for large loads, the chunk-by-chunk upsert otherwise."""
    postgres = connection.vendor == "postgresql"
    names = _COPY_HEAD + _COPY_TAIL[kind] if postgres else []
    if (
        dry_run
        or expected_rows < BULK_MIN_ROWS
        or connection.vendor not in ("postgresql", "sqlite")
    ):
        return _ChunkWriter(kind, names)
    model = MODELS[kind]
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
                [model._meta.db_table],
            )
            table_rows = cursor.fetchone()[0]
    else:
        table_rows = model.objects.count()
    stored = model.objects.filter(source=source).count()
    new = expected_rows - stored
    if new >= BULK_MIN_ROWS and new >= BULK_TABLE_FRACTION * table_rows:
        if not postgres:
            return _SqliteBulkLoad(kind)
        bulk = _BulkLoad.start(model, source, names)
        if bulk is not None:
            return bulk
    return _ChunkWriter(kind, names)


def import_file(
    path: str | Path,
    mapping: Mapping,
    *,
    reject_file: str | Path | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    shift_days: int = 0,
    fmt: str | None = None,
) -> ImportResult:
    """Import one file with a mapping; ImportFileError / MappingError when it cannot start.

    One transaction: on any error nothing of the file is saved (a dry run always rolls back).
    """
    # Millions of short-lived row lists and no reference cycles: the cyclic garbage collector
    # would walk every live object again and again (a third of the CPU time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(
            path,
            mapping,
            reject_file=reject_file,
            dry_run=dry_run,
            progress=progress,
            shift_days=shift_days,
            fmt=fmt,
        )
    finally:
        if collecting:
            gc.enable()


def _import_file(  # noqa: C901 - one pipeline, read top to bottom
    path: str | Path,
    mapping: Mapping,
    *,
    reject_file: str | Path | None,
    dry_run: bool,
    progress: ProgressCallback | None,
    shift_days: int,
    fmt: str | None,
) -> ImportResult:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"File not found: {path}")
    kind = mapping.kind
    result = ImportResult(source=mapping.source, dry_run=dry_run)
    file_format = fmt or mapping.format
    if file_format == "csv":
        header, chunks, counter = _read_csv(path, mapping)
    elif file_format == "geojson":
        header, chunks, counter = _read_geojson(path, mapping)
    else:
        raise ImportFileError(f"Unknown format {file_format!r}; use csv or geojson.")
    index = {name: i for i, name in enumerate(header)}
    lon_col = mapping.lon_column or ("__lon" if file_format == "geojson" else "")
    lat_col = mapping.lat_column or ("__lat" if file_format == "geojson" else "")
    wanted = [
        c for c in mapping.used_columns() if c not in (mapping.lon_column, mapping.lat_column)
    ]
    missing = [c for c in [*wanted, lon_col, lat_col] if c and c not in index]
    if missing:
        raise ImportFileError(
            f"{path.name} has no column(s) {', '.join(missing)} (columns: {', '.join(header)})."
        )
    use_id = bool(mapping.id_column) and mapping.id_column in index
    id_idx = index[mapping.id_column] if use_id else -1
    # No key columns given: every column (GeoJSON: every property and the coordinates).
    key_idx = [index[c] for c in (mapping.key_columns or header)]

    def col(name: str) -> int | None:
        return index.get(name) if name else None

    ensure_local_categories(mapping)
    categories = {
        c.code: _CategoryInfo(c.id, c.is_minor, c.is_sensitive)
        for c in OffenseCategory.objects.all()
    }
    _check_categories(mapping, categories)
    resolver = _CategoryResolver(mapping, categories)
    transformer = None
    if mapping.crs.upper() not in ("EPSG:4326", "WGS84", "4326"):
        from pyproj import Transformer

        transformer = Transformer.from_crs(mapping.crs, "EPSG:4326", always_xy=True)
    tz = mapping.tz
    shift_seconds = int(shift_days) * 86400
    salt = f"{mapping.digest}:{shift_days}:"
    rejects = _Rejects(Path(reject_file) if reject_file else None, header)
    seen_ids: set[str] = set()
    key_counts: Counter = Counter()
    model = MODELS[kind]
    id_length = model._meta.get_field("source_id").max_length
    now = parsing.utc_strings(np.array([int(timezone.now().timestamp())]))[0]
    postgres = connection.vendor == "postgresql"
    suffix = "+00" if postgres else ""
    if postgres:
        now += "+00"
    n_fields = len(header) - (2 if file_format == "geojson" else 0)
    points = _Points()
    category_text: dict[tuple[int, bool, bool], str] = {}
    constant_text = "\t".join(_escape_texts([mapping.source]) + [now, now])
    blake2b = hashlib.blake2b
    # Fill the locator's cache now: later chunks then need no query while rows stream.
    locator.locate_many(np.zeros(0), np.zeros(0), kinds=AREA_KINDS)

    writer: _ChunkWriter | _BulkLoad | _SqliteBulkLoad | None = None
    with transaction.atomic():
        before = model.objects.filter(source=mapping.source).count()
        row_offset = 0
        try:
            for rows in chunks:
                n = len(rows)
                numbers = np.arange(row_offset + 1, row_offset + n + 1)
                row_offset += n
                reason: list[str | None] = [None] * n
                width = len(header)
                if set(map(len, rows)) - {width, n_fields}:
                    width_ok = [len(r) == width or len(r) == n_fields for r in rows]
                    rows = [
                        r if w else (r + [""] * width)[:width]
                        for r, w in zip(rows, width_ok, strict=False)
                    ]
                    for i, w in enumerate(width_ok):
                        if not w:
                            reason[i] = R_FIELDS
                # dates
                dates = _joined(rows, [col(c) for c in mapping.date_columns])
                if mapping.time_columns:
                    times = _joined(rows, [col(c) for c in mapping.time_columns])
                    with_time = [bool(t.strip()) for t in times]
                    combined = [
                        f"{d.strip()} {t.strip()}" if wt else d.strip()
                        for d, t, wt in zip(dates, times, with_time, strict=False)
                    ]
                    local = np.zeros(n, dtype=np.int64)
                    date_ok = np.zeros(n, dtype=bool)
                    sel = np.array(with_time, dtype=bool)
                    for mask, fmt_ in (
                        (sel, f"{mapping.date_format} {mapping.time_format}"),
                        (~sel, mapping.date_format),
                    ):
                        idx = np.flatnonzero(mask)
                        if idx.size:
                            s, ok = parsing.parse_local_seconds([combined[i] for i in idx], fmt_)
                            local[idx], date_ok[idx] = s, ok
                else:
                    local, date_ok = parsing.parse_local_seconds(dates, mapping.date_format)
                for i in np.flatnonzero(~date_ok).tolist():
                    if reason[i] is None:
                        reason[i] = R_NO_DATE if not dates[i].strip() else R_BAD_DATE
                local = local + shift_seconds
                # coordinates
                xs = parsing.parse_floats(_column(rows, col(lon_col)))
                ys = parsing.parse_floats(_column(rows, col(lat_col)))
                if transformer is not None:
                    finite = np.isfinite(xs) & np.isfinite(ys)
                    lons = np.full(n, np.nan)
                    lats = np.full(n, np.nan)
                    if finite.any():
                        lons[finite], lats[finite] = transformer.transform(xs[finite], ys[finite])
                else:
                    lons, lats = xs, ys
                coord_ok = (
                    np.isfinite(lons)
                    & np.isfinite(lats)
                    & (np.abs(lons) <= 180)
                    & (np.abs(lats) <= 90)
                )
                for i in np.flatnonzero(~coord_ok).tolist():
                    if reason[i] is None:
                        reason[i] = R_NO_COORDS
                ulon, ulat, inverse = parsing.unique_points(
                    np.where(coord_ok, lons, 0.0), np.where(coord_ok, lats, 0.0)
                )
                point_ids = points.lookup(ulon, ulat)[inverse]  # per row
                inside = np.zeros(n, dtype=bool)
                for k in AREA_KINDS:
                    inside |= points.areas[k][point_ids] >= 0
                for i in np.flatnonzero(~inside).tolist():
                    if reason[i] is None:
                        reason[i] = R_OUTSIDE
                # categories and kinds
                codes = _column(rows, col(mapping.category_column))
                texts = _column(rows, col(mapping.offense_text_column))
                pairs = list(zip(codes, texts, strict=True))
                distinct = {pair: resolver.resolve(*pair) for pair in dict.fromkeys(pairs)}
                resolved = list(map(distinct.__getitem__, pairs))
                for i, r in enumerate(resolved):
                    if r is None and reason[i] is None:
                        reason[i] = R_CATEGORY
                if kind == "enforcement":
                    raw_kinds = _column(rows, col(mapping.kind_column))
                    kinds = [
                        mapping.kinds.get(v.strip().casefold(), mapping.constant_kind)
                        if mapping.kind_column
                        else mapping.constant_kind
                        for v in raw_kinds
                    ]
                    for i, k in enumerate(kinds):
                        if not k and reason[i] is None:
                            reason[i] = R_KIND
                # ids
                source_ids: list[str] = [""] * n
                todo = [i for i, r in enumerate(reason) if r is None]
                if use_id:
                    given = [rows[i][id_idx].strip() for i in todo]
                    fits = not given or max(map(len, given)) <= id_length
                    if fits and "" not in given and len(set(given)) == len(given):
                        if seen_ids.isdisjoint(given):  # the usual case: no loop per row
                            seen_ids.update(given)
                            if len(todo) == n:
                                source_ids = given
                            else:
                                for i, sid in zip(todo, given, strict=True):
                                    source_ids[i] = sid
                            todo = []
                for i in todo:
                    row = rows[i]
                    if use_id:
                        sid = row[id_idx].strip()
                        if not sid:
                            reason[i] = R_NO_ID
                            continue
                        if len(sid) > id_length:
                            reason[i] = R_LONG_ID
                            continue
                    else:
                        key = "\x1f".join([row[j] for j in key_idx])
                        key_counts[key] += 1
                        sid = _hash(f"{key}\x1e{key_counts[key]}")
                    if sid in seen_ids:
                        reason[i] = R_DUPLICATE
                        continue
                    seen_ids.add(sid)
                    source_ids[i] = sid
                bad = [i for i, r in enumerate(reason) if r is not None]
                for i in bad:
                    result.reasons[reason[i]] += 1
                    rejects.add(int(numbers[i]), reason[i], rows[i])  # type: ignore[arg-type]
                result.rows += n
                result.rejected += len(bad)
                if len(bad) == n:
                    g_list: list[int] = []
                elif bad:
                    good = np.ones(n, dtype=bool)
                    good[bad] = False
                    g_list = np.flatnonzero(good).tolist()
                else:
                    g_list = list(range(n))
                if g_list:
                    g = np.array(g_list, dtype=np.int64)
                    if writer is None:
                        seen = max(counter.fraction(), 1e-9)
                        expected = row_offset / seen if file_format == "csv" else row_offset
                        writer = _choose_writer(kind, mapping.source, expected, dry_run)
                    utc = parsing.local_to_utc(local[g], tz)
                    every = g.size == n
                    res = resolved if every else [resolved[i] for i in g_list]
                    hashes = [
                        blake2b(
                            (salt + "\x1f".join(rows[i])).encode("utf-8", "surrogatepass"),
                            digest_size=12,
                        ).hexdigest()
                        for i in g_list
                    ]
                    sids = source_ids if every else [source_ids[i] for i in g_list]
                    gpoints = point_ids[g]

                    def text(
                        name: str,
                        limit: int,
                        _g: list[int] = g_list,
                        _rows: list = rows,
                        _every: bool = every,
                    ) -> list[str]:
                        c = col(name)
                        if c is None:
                            return [""] * len(_g)
                        if _every:
                            return [r[c].strip()[:limit] for r in _rows]
                        return [_rows[i][c].strip()[:limit] for i in _g]

                    if kind == "incidents":
                        offense = text(mapping.offense_column, 200)
                        if mapping.constant_offense:
                            offense = [o or mapping.constant_offense for o in offense]
                        extra: dict[str, list[Any]] = {
                            "offense": offense,
                            "premise": text(mapping.premise_column, 100),
                            "block": text(mapping.block_column, 200),
                        }
                    else:
                        extra = {
                            "kind": [kinds[i] for i in g_list],
                            "violation": text(mapping.violation_column, 200),
                            "outcome": text(mapping.outcome_column, 100),
                            "reason": text(mapping.reason_column, 200),
                        }
                    if postgres:
                        for r in set(res):
                            if r not in category_text:
                                cid, minor, sensitive = r  # type: ignore[misc]
                                flag = ("t" if sensitive else "f") if kind == "incidents" else "f"
                                category_text[r] = f"{cid}\t{'t' if minor else 'f'}\t{flag}"  # type: ignore[index]
                        lines = list(
                            map(
                                "\t".join,
                                zip(
                                    itertools.repeat(constant_text, g.size),
                                    parsing.copy_time_fields(utc, local[g], suffix),
                                    points.copy_text()[gpoints].tolist(),
                                    [category_text[r] for r in res],  # type: ignore[index]
                                    _escape_texts(sids),
                                    hashes,
                                    *(_escape_texts(v) for v in extra.values()),
                                    strict=True,
                                ),
                            )
                        )
                        if isinstance(writer, _BulkLoad):
                            writer.add(sids, hashes, lines)
                        else:
                            keys = list(zip(itertools.repeat(mapping.source), sids))
                            writer.add_lines(keys, hashes, lines)  # type: ignore[union-attr]
                    else:
                        months, weekdays, hours = parsing.local_parts(local[g])
                        cols: dict[str, list[Any]] = {
                            "source": [mapping.source] * g.size,
                            "source_id": sids,
                            "row_hash": hashes,
                            "occurred_at": parsing.utc_strings(utc, suffix),
                            "local_month": months.tolist(),
                            "local_weekday": weekdays.tolist(),
                            "local_hour": hours.tolist(),
                            "category_id": [r[0] for r in res],  # type: ignore[index]
                            "is_minor": [r[1] for r in res],  # type: ignore[index]
                            "lon": np.round(points.lons[gpoints], 7).tolist(),
                            "lat": np.round(points.lats[gpoints], 7).tolist(),
                            "public_lon": points.glon[gpoints].tolist(),
                            "public_lat": points.glat[gpoints].tolist(),
                            "h3_cell": [points.cells[j] for j in gpoints.tolist()],
                            "imported_at": [now] * g.size,
                            "updated_at": [now] * g.size,
                            **extra,
                        }
                        for k in AREA_KINDS:
                            ids = points.areas[k][gpoints].astype(object)
                            ids[ids == -1] = None
                            cols[f"{k}_id"] = ids.tolist()
                        if kind == "incidents":
                            cols["is_sensitive"] = [r[2] for r in res]  # type: ignore[index]
                        else:
                            cols["is_synthetic"] = [False] * g.size
                        writer.add_columns(cols)  # type: ignore[union-attr]
                if progress is not None:
                    progress(counter.fraction(), result)
            changed = writer.finish() if writer is not None else 0
            writer = None
            if kind == "incidents":
                _recopy_changed_flags(categories)
            after = model.objects.filter(source=mapping.source).count()
            result.imported = after - before
            result.updated = changed - result.imported
            result.unchanged = result.rows - result.rejected - changed
            if dry_run:
                transaction.set_rollback(True)
        finally:
            if writer is not None:
                writer.abort()
            rejects.close()
    if rejects.writer is not None:
        result.reject_file = str(rejects.path)
    if progress is not None:
        progress(1.0, result)
    return result
