"""Place points in areas: ``locate(lon, lat)`` and vectorized ``locate_many(lons, lats)``.

The heavy lifting is done by :class:`beatbridge.areas.spatial_index.PolygonIndex` (pure
shapely/numpy). This module keeps one index per area kind per process, built on first use,
and rebuilds it when the areas change: locally through a signal, across processes by
comparing a cheap per-kind database fingerprint (count, highest id, latest ``updated_at``;
one grouped query). A change made elsewhere must therefore bump ``updated_at`` (the import
service does) or add/delete rows.

The fingerprint is read again at most every ``BEATBRIDGE["RECHECK_SECONDS"]`` seconds
(default 2; 0 = before every lookup, as the tests run): areas change a few times a year,
points are placed on every submission, so another process's change is seen within seconds
without a query per point. A change in this process is seen at once (the signal).
``locate`` also keeps the areas' own rows (without outlines) with the index, so placing one
point needs no query at all between rechecks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence

import numpy as np
from django.db import router
from django.db.models import Count, Max

from beatbridge.core.memo import recheck_seconds

from .spatial_index import PolygonIndex

KIND_ORDER = ("district", "beat", "sector", "neighborhood")

_lock = threading.Lock()
#: kind -> (fingerprint of that kind's rows when the index was built, index)
_cache: dict[str, tuple[tuple, PolygonIndex]] = {}
#: (monotonic time of the last database check, fingerprints read then)
_checked: list = [float("-inf"), {}]
#: area id -> (fingerprint of its kind, field values without the outline) for ``locate``
_rows: dict[int, tuple[tuple, tuple]] = {}
#: (area id, its kind, other kind, min share) -> (fingerprints of both kinds, overlapping ids)
_overlaps: dict[tuple, tuple[tuple, list[int]]] = {}
_ROW_FIELDS: tuple[str, ...] = ()


def invalidate() -> None:
    """Forget the cached indexes (called when an area is saved or deleted)."""
    with _lock:
        _cache.clear()
        _rows.clear()
        _overlaps.clear()
        _checked[0] = float("-inf")


def _current_fingerprints() -> dict[str, tuple]:
    """The fingerprints, read from the database unless read less than the recheck interval ago."""
    now = time.monotonic()
    with _lock:
        if now - _checked[0] < recheck_seconds():
            return _checked[1]
    prints = _fingerprints()
    with _lock:
        _checked[0], _checked[1] = now, prints
    return prints


def _fingerprints() -> dict[str, tuple]:
    """One cheap grouped query: per kind, (row count, highest id, latest update).

    Another process adding, deleting or re-importing areas changes one of these, so every
    process notices on its next lookup without any messaging between processes.
    """
    from .models import Area

    rows = (
        Area.objects.order_by()
        .values("kind")
        .annotate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    )
    return {row["kind"]: (row["n"], row["top"], row["changed"]) for row in rows}


def _indexes(kinds: Iterable[str] | None = None) -> dict[str, PolygonIndex]:
    """Up-to-date indexes for ``kinds`` (default: every kind present), building stale ones."""
    from .models import Area

    # Read the fingerprints before the rows: a change in between only causes a rebuild later.
    prints = _current_fingerprints()
    wanted = [k for k in (prints if kinds is None else kinds) if k in prints]
    with _lock:
        fresh = {k: _cache[k][1] for k in wanted if k in _cache and _cache[k][0] == prints[k]}
    stale = [k for k in wanted if k not in fresh]
    if stale:
        by_kind: dict[str, tuple[list[int], list[dict]]] = {k: ([], []) for k in stale}
        fields = _row_fields()
        rows = Area.objects.filter(kind__in=stale).values_list(*fields, "geometry")
        at = {name: i for i, name in enumerate(fields)}
        kept: dict[int, tuple[tuple, tuple]] = {}
        # Sort by code in Python: database collations differ, the border rule must not.
        for row in sorted(rows, key=lambda row: row[at["code"]]):
            area_id, kind = row[at["id"]], row[at["kind"]]
            by_kind[kind][0].append(area_id)
            by_kind[kind][1].append(row[-1])
            kept[area_id] = (prints[kind], tuple(row[:-1]))
        for kind, (ids, geoms) in by_kind.items():
            fresh[kind] = PolygonIndex.from_geojson(ids, geoms)
        with _lock:
            for kind in by_kind:
                _cache[kind] = (prints[kind], fresh[kind])
            _rows.update(kept)
    return fresh


def _row_fields() -> tuple[str, ...]:
    """Every concrete Area column but the outline (attnames: ``parent_id``, not ``parent``)."""
    global _ROW_FIELDS
    if not _ROW_FIELDS:
        from .models import Area

        _ROW_FIELDS = tuple(
            f.attname for f in Area._meta.concrete_fields if f.attname != "geometry"
        )
    return _ROW_FIELDS


def _cached_areas(ids: list[int]) -> list | None:
    """Fresh Area instances (outline deferred) from the rows kept with the index, or None
    when a row is missing or older than its kind's index (then the caller queries)."""
    from .models import Area

    with _lock:
        rows = [_rows.get(i) for i in ids]
        current = {kind: entry[0] for kind, entry in _cache.items()}
    fields = _row_fields()
    kind_at = fields.index("kind")
    if any(row is None or current.get(row[1][kind_at]) != row[0] for row in rows):
        return None
    db = router.db_for_read(Area)
    return [Area.from_db(db, fields, row[1]) for row in rows]  # type: ignore[index]


def areas_by_id(ids: Iterable[int]) -> list:
    """Areas (outlines deferred) by id, from the rows kept with the indexes; unknown ids
    are left out. Costs no query between rechecks: for pages that name a few areas."""
    from .models import Area

    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    _indexes()
    with _lock:
        known = [i for i in wanted if i in _rows]
    found = _cached_areas(known)
    if found is None:  # changed meanwhile: ask the database
        return list(Area.objects.filter(pk__in=wanted).defer("geometry"))
    return found


def area_names(kind: str) -> list[tuple[int, str]]:
    """(id, name) of every area of a kind, unordered, from the kept rows: for choice lists."""
    from .models import Area

    _indexes([kind])
    fields = _row_fields()
    kind_at, name_at, id_at = fields.index("kind"), fields.index("name"), fields.index("id")
    with _lock:
        current = _cache.get(kind, (None,))[0]
        rows = [row for stamp, row in _rows.values() if row[kind_at] == kind and stamp == current]
    if current is None or not rows:
        return list(Area.objects.filter(kind=kind).values_list("id", "name"))
    return [(row[id_at], row[name_at]) for row in rows]


def overlapping_ids(area_id: int, area_kind: str, kind: str, min_share: float) -> list[int] | None:
    """Ids (ascending) of the areas of ``kind`` sharing at least ``min_share`` of either area
    with the area ``area_id`` (of ``area_kind``), from the outlines the indexes already hold.

    Kept per process like the indexes; recomputed when either kind's fingerprint changes.
    None when the area is not in its kind's index (not saved yet): the caller computes.
    """
    import shapely

    prints = _current_fingerprints()
    key = (area_id, area_kind, kind, min_share)
    stamp = (prints.get(area_kind), prints.get(kind))
    with _lock:
        memo = _overlaps.get(key)
    if memo is not None and memo[0] == stamp:
        return list(memo[1])
    indexes = _indexes([area_kind, kind])
    own, other = indexes.get(area_kind), indexes.get(kind)
    at = np.flatnonzero(own.keys == area_id) if own is not None else np.empty(0, dtype=np.int64)
    if at.size == 0:
        return None
    ids: list[int] = []
    if other is not None and len(other.keys):
        geom = own.geometries[at[0]]
        candidates = other.tree.query(geom)
        candidates = candidates[other.keys[candidates] != area_id]
        if candidates.size:
            shapes = other.geometries[candidates]
            shared = shapely.area(shapely.intersection(geom, shapes))
            enough = (shared > 0) & (
                (shared >= min_share * shapely.area(shapes)) | (shared >= min_share * geom.area)
            )
            ids = sorted(int(i) for i in other.keys[candidates[enough]])
    with _lock:
        _overlaps[key] = (stamp, ids)
    return list(ids)


def validate_lon_lat(lon: float, lat: float) -> None:
    """Raise ValueError with a clear message unless (lon, lat) is a real WGS84 coordinate."""
    if not (np.isfinite(lon) and np.isfinite(lat)):
        raise ValueError("Coordinates must be finite numbers.")
    if not -90 <= lat <= 90:
        raise ValueError(f"Latitude {lat} is out of range (-90 to 90).")
    if not -180 <= lon <= 180:
        raise ValueError(f"Longitude {lon} is out of range (-180 to 180).")


def locate(lon: float, lat: float, kinds: Iterable[str] | None = None) -> list:
    """Return the areas containing the point, at most one per kind, ordered by kind.

    Points on a border shared by two areas go to the area with the lowest code (compared
    as plain strings), so the answer never depends on the order areas were imported.
    """
    from .models import Area

    validate_lon_lat(lon, lat)
    found = locate_many(np.array([lon]), np.array([lat]), kinds=kinds)
    ids = [int(arr[0]) for arr in found.values() if arr[0] >= 0]
    ordered = _cached_areas(ids)
    if ordered is None:
        areas = {a.pk: a for a in Area.objects.filter(id__in=ids).defer("geometry")}
        ordered = [areas[i] for i in ids if i in areas]
    ordered.sort(key=lambda a: KIND_ORDER.index(a.kind) if a.kind in KIND_ORDER else 99)
    return ordered


def locate_many(
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    kinds: Iterable[str] | None = None,
) -> dict[str, np.ndarray]:
    """Place arrays of points: ``{kind: array of area ids}``, -1 where no area holds a point."""
    lons = np.asarray(lons, dtype=np.float64)
    lats = np.asarray(lats, dtype=np.float64)
    if lons.shape != lats.shape:
        raise ValueError("lons and lats must have the same length.")
    wanted = list(kinds) if kinds is not None else None
    indexes = _indexes(wanted)
    if wanted is None:
        wanted = [k for k in KIND_ORDER if k in indexes]
        wanted += sorted(k for k in indexes if k not in KIND_ORDER)
    result: dict[str, np.ndarray] = {}
    for kind in wanted:
        index = indexes.get(kind)
        if index is None:
            result[kind] = np.full(lons.shape, -1, dtype=np.int64)
        else:
            result[kind] = index.locate_keys(lons, lats)
    return result
