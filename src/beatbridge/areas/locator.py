"""Place points in areas: ``locate(lon, lat)`` and vectorized ``locate_many(lons, lats)``.

The heavy lifting is done by :class:`beatbridge.areas.spatial_index.PolygonIndex` (pure
shapely/numpy). This module keeps one index per area kind per process, and rebuilds it when
the areas change: locally through a signal, across processes by comparing a cheap database
fingerprint (count, highest id, latest update) before each use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import numpy as np
from django.db.models import Count, Max

from .spatial_index import PolygonIndex

KIND_ORDER = ("district", "beat", "sector", "neighborhood")

_lock = threading.Lock()
_state: dict[str, object] = {"fingerprint": None, "indexes": {}}


def invalidate() -> None:
    """Forget the cached indexes (called when an area is saved or deleted)."""
    with _lock:
        _state["fingerprint"] = None
        _state["indexes"] = {}


def _fingerprint() -> tuple:
    from .models import Area

    agg = Area.objects.aggregate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    return (agg["n"], agg["top"], agg["changed"])


def _indexes() -> dict[str, PolygonIndex]:
    from .models import Area

    fingerprint = _fingerprint()
    with _lock:
        if _state["fingerprint"] == fingerprint:
            return _state["indexes"]  # type: ignore[return-value]
    by_kind: dict[str, tuple[list[int], list[dict]]] = {}
    for area_id, kind, geometry in Area.objects.order_by("kind", "code").values_list(
        "id", "kind", "geometry"
    ):
        ids, geoms = by_kind.setdefault(kind, ([], []))
        ids.append(area_id)
        geoms.append(geometry)
    indexes = {kind: PolygonIndex.from_geojson(ids, geoms) for kind, (ids, geoms) in by_kind.items()}
    with _lock:
        _state["fingerprint"] = fingerprint
        _state["indexes"] = indexes
    return indexes


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

    Points on a border shared by two areas go to the area with the lowest code, so the
    answer never depends on the order areas were imported.
    """
    from .models import Area

    validate_lon_lat(lon, lat)
    found = locate_many(np.array([lon]), np.array([lat]), kinds=kinds)
    ids = [int(arr[0]) for arr in found.values() if arr[0] >= 0]
    areas = {a.id: a for a in Area.objects.filter(id__in=ids)}
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
    indexes = _indexes()
    wanted = list(kinds) if kinds is not None else [k for k in KIND_ORDER if k in indexes]
    result: dict[str, np.ndarray] = {}
    for kind in wanted:
        index = indexes.get(kind)
        if index is None:
            result[kind] = np.full(lons.shape, -1, dtype=np.int64)
        else:
            result[kind] = index.locate_keys(lons, lats)
    return result
