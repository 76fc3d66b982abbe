"""Offline geocoding: house numbers and intersections from a block gazetteer, ZIP codes
from an optional boundary file.

The gazetteer (:class:`~beatbridge.areas.models.StreetBlock`) holds one row per hundred-block
("016XX W HOWARD ST") with the extent and mean of the points recorded on it. It is rebuilt
from the imported incidents' ``block`` fields after each import (``build_gazetteer``); this
module only receives those rows, so areas never reads another app's tables.

* ``"1600 W Howard St"``: the block ``016XX W HOWARD ST``; the house number's place within the
  hundred (``00`` start … ``99`` end) is interpolated along the street, whose direction comes
  from the neighbouring blocks (``015XX``, ``017XX``) or, failing those, from the direction
  prefix (W/E streets run east-west, N/S ones north-south).
* ``"Morse Ave and Glenwood"`` (also ``&``, ``at``, ``/``): the blocks of the two streets that
  lie nearest each other; the point is where lines through them cross.
* ``"60626"``: the representative point of that ZIP code's uploaded boundary.

Everything answers ``None`` when it cannot place the text; callers fall back to names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .models import StreetBlock, ZipArea

SUFFIXES = {
    "ST": "ST", "STREET": "ST", "AVE": "AVE", "AV": "AVE", "AVENUE": "AVE", "BLVD": "BLVD",
    "BOULEVARD": "BLVD", "RD": "RD", "ROAD": "RD", "DR": "DR", "DRIVE": "DR", "PL": "PL",
    "PLACE": "PL", "PKWY": "PKWY", "PARKWAY": "PKWY", "CT": "CT", "COURT": "CT", "TER": "TER",
    "TERRACE": "TER", "WAY": "WAY", "LN": "LN", "LANE": "LN", "HWY": "HWY", "SQ": "SQ",
    "CIR": "CIR", "EXPY": "EXPY",
}  # fmt: skip
DIRECTIONS = {"N": "N", "NORTH": "N", "S": "S", "SOUTH": "S", "E": "E", "EAST": "E",
              "W": "W", "WEST": "W"}  # fmt: skip

_BLOCK = re.compile(r"^0*(\d{1,4})XX\s+(.+)$", re.IGNORECASE)
_ADDRESS = re.compile(r"^\s*(\d{1,6})[A-Z]?\s+(.+?)\s*$", re.IGNORECASE)
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_JOIN = re.compile(r"\s+(?:and|at|y)\s+|\s*[&/@]\s*", re.IGNORECASE)
_CITY = re.compile(r",.*$")  # "…, Chicago, IL 60626": the part before the first comma

M_PER_DEG_LAT = 110_540.0


@dataclass(frozen=True)
class Street:
    name: str  # "HOWARD"
    direction: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class GeocodeResult:
    lon: float
    lat: float
    how: str  # "address", "intersection", "zip"
    label: str  # what was found, e.g. "016XX W HOWARD ST"


def parse_street(text: str) -> Street | None:
    """``"w. Howard street"`` → ``Street("HOWARD", "W", "ST")``."""
    words = re.sub(r"[^0-9A-Za-z ]+", " ", text).upper().split()
    if not words:
        return None
    direction = ""
    if len(words) > 1 and words[0] in DIRECTIONS:
        direction = DIRECTIONS[words.pop(0)]
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = SUFFIXES[words.pop()]
    name = " ".join(words)
    return Street(name, direction, suffix) if name else None


def parse_block(label: str) -> tuple[int, Street] | None:
    """``"016XX W HOWARD ST"`` → ``(16, Street("HOWARD", "W", "ST"))``."""
    match = _BLOCK.match((label or "").strip())
    if not match:
        return None
    street = parse_street(match.group(2))
    return (int(match.group(1)), street) if street else None


@transaction.atomic
def rebuild_gazetteer(
    rows: Iterable[tuple[str, int, float, float, float, float, float, float]],
) -> int:
    """Replace the gazetteer with ``rows`` of ``(block, points, min_lon, min_lat, max_lon,
    max_lat, mean_lon, mean_lat)``, one per distinct block label. Labels that are not
    hundred-blocks are skipped. Returns the number of blocks stored."""
    blocks = []
    for label, points, min_lon, min_lat, max_lon, max_lat, lon, lat in rows:
        parsed = parse_block(label)
        if parsed is None or lon is None or lat is None:
            continue
        hundred, street = parsed
        blocks.append(
            StreetBlock(
                label=" ".join(label.upper().split())[:200],
                street=street.name[:120],
                direction=street.direction,
                suffix=street.suffix,
                hundred=hundred,
                points=points,
                min_lon=min_lon,
                min_lat=min_lat,
                max_lon=max_lon,
                max_lat=max_lat,
                lon=lon,
                lat=lat,
            )
        )
    StreetBlock.objects.all().delete()
    seen: set[str] = set()
    unique = [b for b in blocks if not (b.label in seen or seen.add(b.label))]
    StreetBlock.objects.bulk_create(unique, batch_size=2000)
    return len(unique)


def _street_blocks(street: Street) -> list[StreetBlock]:
    qs = StreetBlock.objects.filter(street=street.name)
    if street.direction:
        qs = qs.filter(direction=street.direction)
    blocks = list(qs)
    if street.suffix and any(b.suffix == street.suffix for b in blocks):
        blocks = [b for b in blocks if b.suffix == street.suffix]
    return blocks


def _metres(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    return lon * M_PER_DEG_LAT * math.cos(math.radians(lat0)), lat * M_PER_DEG_LAT


def _degrees(x: float, y: float, lat0: float) -> tuple[float, float]:
    return x / (M_PER_DEG_LAT * math.cos(math.radians(lat0))), y / M_PER_DEG_LAT


def geocode_address(text: str) -> GeocodeResult | None:
    """A house number on a street in the gazetteer, interpolated within its block."""
    match = _ADDRESS.match(_CITY.sub("", text or ""))
    if not match:
        return None
    number = int(match.group(1))
    street = parse_street(match.group(2))
    if street is None:
        return None
    blocks = _street_blocks(street)
    if not blocks:
        return None
    hundred = number // 100
    # Without a direction prefix, one street name may have several (W and E Howard): the
    # side with the most points on that hundred wins.
    by_side: dict[str, dict[int, StreetBlock]] = {}
    for block in blocks:
        by_side.setdefault(block.direction, {})[block.hundred] = block
    sides = [s for s in by_side.values() if hundred in s]
    if not sides:
        return None
    side = max(sides, key=lambda s: s[hundred].points)
    block = side[hundred]
    fraction = (number % 100) / 100.0
    lat0 = block.lat
    here = _metres(block.lon, block.lat, lat0)
    step = None  # one hundred further along the street, in metres
    if hundred + 1 in side:
        nxt = _metres(side[hundred + 1].lon, side[hundred + 1].lat, lat0)
        step = (nxt[0] - here[0], nxt[1] - here[1])
    elif hundred - 1 in side:
        prev = _metres(side[hundred - 1].lon, side[hundred - 1].lat, lat0)
        step = (here[0] - prev[0], here[1] - prev[1])
    if step is not None and math.hypot(*step) < 600:
        lon, lat = _degrees(here[0] + (fraction - 0.5) * step[0],
                            here[1] + (fraction - 0.5) * step[1], lat0)  # fmt: skip
    else:
        lon, lat = block.lon, block.lat
        if block.direction == "W":
            lon = block.max_lon - fraction * (block.max_lon - block.min_lon)
        elif block.direction == "E":
            lon = block.min_lon + fraction * (block.max_lon - block.min_lon)
        elif block.direction == "N":
            lat = block.min_lat + fraction * (block.max_lat - block.min_lat)
        elif block.direction == "S":
            lat = block.max_lat - fraction * (block.max_lat - block.min_lat)
    return GeocodeResult(lon, lat, "address", block.label)


def _axis(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The unit direction of the line best fitting the points (None for fewer than two)."""
    if len(points) < 2:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    syy = sum((p[1] - my) ** 2 for p in points)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    return math.cos(angle), math.sin(angle)


def geocode_intersection(text: str) -> GeocodeResult | None:
    """Where two streets of the gazetteer cross ("Morse Ave and Glenwood")."""
    parts = _JOIN.split(_CITY.sub("", text or "").strip())
    if len(parts) != 2:
        return None
    first, second = (parse_street(p) for p in parts)
    if first is None or second is None or first.name == second.name:
        return None
    blocks_a, blocks_b = _street_blocks(first), _street_blocks(second)
    if not blocks_a or not blocks_b:
        return None
    lat0 = blocks_a[0].lat
    pa = [_metres(b.lon, b.lat, lat0) for b in blocks_a]
    pb = [_metres(b.lon, b.lat, lat0) for b in blocks_b]
    best = min(
        ((math.dist(a, b), i, j) for i, a in enumerate(pa) for j, b in enumerate(pb)),
        key=lambda t: t[0],
    )
    distance, i, j = best
    if distance > 500:
        return None
    near_a = [p for p in pa if math.dist(p, pa[i]) < 450]
    near_b = [p for p in pb if math.dist(p, pb[j]) < 450]
    da, db = _axis(near_a), _axis(near_b)
    x, y = (pa[i][0] + pb[j][0]) / 2, (pa[i][1] + pb[j][1]) / 2
    if da and db:
        cross = da[0] * db[1] - da[1] * db[0]
        if abs(cross) > 0.3:  # not near-parallel: intersect the two lines
            dx, dy = pb[j][0] - pa[i][0], pb[j][1] - pa[i][1]
            t = (dx * db[1] - dy * db[0]) / cross
            cx, cy = pa[i][0] + t * da[0], pa[i][1] + t * da[1]
            if math.dist((cx, cy), (x, y)) < 400:
                x, y = cx, cy
    lon, lat = _degrees(x, y, lat0)
    label = f"{blocks_a[i].label} / {blocks_b[j].label}"
    return GeocodeResult(lon, lat, "intersection", label)


def geocode_zip(text: str) -> GeocodeResult | None:
    match = _ZIP.match(text or "")
    if not match:
        return None
    zip_area = ZipArea.objects.filter(code=match.group(1)).first()
    if zip_area is None:
        return None
    return GeocodeResult(zip_area.lon, zip_area.lat, "zip", zip_area.code)


def is_zip(text: str) -> bool:
    return bool(_ZIP.match(text or ""))


def geocode_text(text: str) -> GeocodeResult | None:
    """A ZIP code, an intersection or a house-number address, in that order; or None."""
    text = (text or "").strip()[:300]
    if not text:
        return None
    return geocode_zip(text) or geocode_intersection(text) or geocode_address(text)
