"""Places and distances for concerns: an offline geocoder and great-circle distance.

``geocode(text)`` turns typed place text into ``(lon, lat)``. Offline it understands:

* coordinates typed as ``"lat, lon"`` (e.g. ``"41.805, -87.695"``; ``"lon, lat"`` is accepted
  when the first number cannot be a latitude);
* the name of a neighborhood, beat or district we know ("Riverside", "Beat 0111",
  "District 1"), also inside longer text ("corner of 5th and Main, Riverside"): the answer is
  the area's representative point.

A real geocoder (Nominatim, Pelias, a city's address service) can be plugged in by naming a
function in ``settings.BEATBRIDGE["GEOCODER"]`` (a dotted path to ``f(text) -> (lon, lat) |
None``). It is asked first; the offline matching above is the fallback.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from beatbridge.areas import geocoder as area_geocoder

EARTH_RADIUS_M = 6_371_008.8
_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_COORDS = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*\)?\s*$")


def _coords(text: str) -> tuple[float, float] | None:
    match = _COORDS.match(text)
    if not match:
        return None
    first, second = float(match.group(1)), float(match.group(2))
    if -90 <= first <= 90 and -180 <= second <= 180:
        return second, first  # typed as "lat, lon" (what phones and maps copy)
    if -180 <= first <= 180 and -90 <= second <= 90:
        return first, second
    return None


@lru_cache(maxsize=8)
def _plugin(path: str):
    return import_string(path)


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()


def _area_match(text: str) -> tuple[float, float] | None:
    from beatbridge.areas.models import Area, AreaKind

    wanted = _normalize(text)
    if not wanted:
        return None
    best: tuple[int, int, float, float] | None = None
    rank = {AreaKind.NEIGHBORHOOD: 0, AreaKind.BEAT: 1, AreaKind.SECTOR: 2, AreaKind.DISTRICT: 3}
    for area in Area.objects.only("kind", "code", "name", "centroid_lon", "centroid_lat"):
        names = {_normalize(area.name), _normalize(str(area))}
        for name in names:
            if not name:
                continue
            if wanted == name or re.search(rf"\b{re.escape(name)}\b", wanted):
                # Prefer the longest (most specific) name, then neighborhoods over beats.
                key = (-len(name), rank.get(area.kind, 9), area.centroid_lon, area.centroid_lat)
                if best is None or key[:2] < best[:2]:
                    best = key
    if best is None:
        return None
    return best[2], best[3]


def geocode(text: str) -> tuple[float, float] | None:
    """Return ``(lon, lat)`` for typed place text, or None when we cannot place it."""
    text = (text or "").strip()
    if not text:
        return None
    found = _coords(text)
    if found:
        return found
    plugin = getattr(settings, "BEATBRIDGE", {}).get("GEOCODER")
    if plugin:
        result = _plugin(plugin)(text)
        if result:
            return float(result[0]), float(result[1])
    placed = area_geocoder.geocode_text(text)  # addresses, crossings, ZIPs (areas/geocoder.py)
    if placed is not None:
        return placed.lon, placed.lat
    return _area_match(text)


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a box that contains the circle."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(radius_m / (EARTH_RADIUS_M * coslat)))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


#: How far (m) a generalized point can lie from the exact one: a resolution-10 H3 cell's
#: centre is within its circumradius (about 76 m) of any point in it; with room to spare.
GENERALIZED_WITHIN_M = 100.0


def generalized_point(lon: float, lat: float) -> tuple[float, float]:
    """The block-level public point for an exact one: the centre of its H3 resolution-10
    cell, exactly as incidents are generalized (``data.parsing.generalize``)."""
    import numpy as np

    from beatbridge.data.parsing import generalize

    glon, glat, _cells = generalize(np.array([lon], dtype=float), np.array([lat], dtype=float))
    return float(glon[0]), float(glat[0])


def public_point(concern, viewer=None) -> tuple[float, float]:
    """``(lon, lat)`` of the concern as ``viewer`` may see it: the exact point for staff and
    for concerns whose reporter gave their name; the generalized (block) point of an
    anonymous concern for everyone else (see docs/methods.md, "Location generalization")."""
    from .permissions import can_view_exact_point

    if can_view_exact_point(viewer, concern):
        return float(concern.lon), float(concern.lat)
    cached = getattr(concern, "_generalized_point", None)
    if cached is None:
        cached = generalized_point(concern.lon, concern.lat)
        concern._generalized_point = cached
    return cached
