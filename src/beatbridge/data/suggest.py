"""A starting mapping for a file nobody has mapped yet (``import_incidents --suggest-mapping``).

From the header and the first rows it guesses the id column, the date (one column or split
over YEAR, MONTH, DAY, HOUR, MINUTE columns) and its format, the coordinate columns and their
coordinate system (from their ranges, checked against the imported areas when there are any),
and the offense column with a first [offenses.map]. The result is TOML for the analyst to read
and edit; every guess is commented.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SAMPLE_ROWS = 5000

_DATE_FORMATS = [
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%Y%m%d",
]
_TIME_FORMATS = ["%H:%M:%S", "%H:%M", "%H%M", "%I:%M %p"]
#: Split date parts: directive, names a column may have, allowed range.
_PARTS = [
    ("%Y", ("year", "yr", "occ_year", "occurrence_year"), (1900, 2100)),
    ("%m", ("month", "mo", "mon", "occ_month", "occurrence_month"), (1, 12)),
    ("%d", ("day", "dd", "occ_day", "day_of_month", "occurrence_day"), (1, 31)),
    ("%H", ("hour", "hr", "hh", "occ_hour", "occurrence_hour"), (0, 23)),
    ("%M", ("minute", "min", "mi", "occ_minute", "occurrence_minute"), (0, 59)),
    ("%S", ("second", "sec", "ss"), (0, 59)),
]
_ID_NAMES = re.compile(
    r"^(id|objectid|case|case_?(no|num|number|id)|incident_?(no|num|number|id)|"
    r"report_?(no|num|number|id)|event_?(no|num|number|id)|occurrence_?(no|num|number|id)|"
    r".*_id)$"
)
_DATE_NAMES = re.compile(r"date|datetime|occurred|reported|timestamp|when")
_OFFENSE_NAMES = re.compile(
    r"offen[cs]e|crime|type|primary|description|category|ucr|nibrs|charge|incident"
)
_BLOCK_NAMES = re.compile(r"block|address|street|location$")
_PREMISE_NAMES = re.compile(r"premise|location_desc|loc_cat|place")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x", "x_coord", "x_coordinate", "easting")
_LAT_NAMES = ("lat", "latitude", "y", "y_coord", "y_coordinate", "northing")
#: Offense text keywords → NIBRS code; the first match wins, so specific before general.
_OFFENSE_KEYWORDS = [
    (("homicide", "murder", "manslaughter"), "09A"),
    (("robbery",), "120"),
    (
        (
            "theft of vehicle",
            "vehicle theft",
            "motor vehicle theft",
            "stolen vehicle",
            "auto theft",
        ),
        "240",
    ),
    (("theft from vehicle", "theft from auto", "from motor vehicle", "from vehicle"), "23F"),
    (("shoplift",), "23C"),
    (("pickpocket", "pocket-pick"), "23A"),
    (("break and enter", "breaking and entering", "burglary", "b&e", "break & enter"), "220"),
    (("theft", "larceny", "stolen"), "23H"),
    (("mischief", "vandalism", "criminal damage", "damage"), "290"),
    (("arson",), "200"),
    (("aggravated assault", "aggravated battery", "assault with"), "13A"),
    (("assault", "battery", "offence against a person", "offense against a person"), "13B"),
    (("narcotic", "drug"), "35A"),
    (("weapon",), "520"),
    (("trespass",), "90J"),
    (("fraud",), "26A"),
    (("disorderly",), "90C"),
]


@dataclass
class Sample:
    header: list[str]
    rows: list[list[str]]
    geojson: bool = False

    def values(self, column: str) -> list[str]:
        i = self.header.index(column)
        return [r[i].strip() for r in self.rows if i < len(r)]


@dataclass
class Suggestion:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def read_sample(path: Path, rows: int = SAMPLE_ROWS) -> Sample:
    """The header and first rows of a CSV (maybe gzipped) or a GeoJSON file."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    raw = gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")  # noqa: SIM115
    with io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="") as text:
        first = text.readline()
        if first.lstrip().lstrip("\ufeff").startswith("{"):
            return _geojson_sample(json.loads(first + text.read()), rows)
        reader = csv.reader(itertools.chain([first], text))
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except StopIteration:
            return Sample([], [])
        return Sample(header, list(itertools.islice(reader, rows)))


def _geojson_sample(data: dict, rows: int) -> Sample:
    features = (data.get("features") or [])[:rows] if isinstance(data, dict) else []
    keys: dict[str, None] = {}
    for f in features:
        keys.update(dict.fromkeys((f or {}).get("properties") or {}))
    out = []
    for f in features:
        props = (f or {}).get("properties") or {}
        out.append(["" if props.get(k) is None else str(props.get(k)) for k in keys])
    return Sample(list(keys), out, geojson=True)


def _numbers(values: list[str]) -> list[float]:
    out = []
    for v in values:
        try:
            x = float(v)
        except ValueError:
            continue
        if math.isfinite(x):
            out.append(x)
    return out


def _parses(values: list[str], fmt: str) -> float:
    values = [v for v in values if v][:500]
    if not values:
        return 0.0
    good = 0
    for v in values:
        try:
            dt.datetime.strptime(v, fmt)  # noqa: DTZ007 - only checking the format
            good += 1
        except ValueError:
            pass
    return good / len(values)


def _best_format(values: list[str], formats: list[str]) -> str:
    scored = [(_parses(values, f), -i, f) for i, f in enumerate(formats)]
    score, _, fmt = max(scored)
    return fmt if score >= 0.9 else ""


def _split_parts(sample: Sample) -> list[tuple[str, str]]:
    """(column, directive) of date parts split over columns, in Y m d H M S order."""
    found = []
    lower = {h.casefold(): h for h in sample.header}
    for directive, names, (lo, hi) in _PARTS:
        column = next((lower[n] for n in names if n in lower), None)
        if column is None:
            continue
        nums = _numbers(sample.values(column))
        if nums and all(lo <= x <= hi and x == int(x) for x in nums):
            found.append((column, directive))
    directives = [d for _, d in found]
    if directives[:3] != ["%Y", "%m", "%d"]:
        return []
    return found


def _area_bounds() -> tuple[float, float, float, float] | None:
    try:
        from django.db.models import Max, Min

        from beatbridge.areas.models import Area

        b = Area.objects.aggregate(Min("min_lon"), Min("min_lat"), Max("max_lon"), Max("max_lat"))
    except Exception:  # no database yet: guess from the ranges alone
        return None
    values = list(b.values())
    return None if values[0] is None else tuple(values)  # type: ignore[return-value]


def _guess_crs(xs: list[float], ys: list[float]) -> tuple[str, str]:
    """(crs, comment) from the coordinates' ranges and, if any, the imported areas."""
    if not xs or not ys:
        return "EPSG:4326", "no numeric coordinates in the first rows: check"
    if all(abs(x) <= 180 for x in xs) and all(abs(y) <= 90 for y in ys):
        return "EPSG:4326", "longitude/latitude in degrees (WGS84)"
    bounds = _area_bounds()
    candidates: list[str] = []
    if bounds is not None:
        lon = (bounds[0] + bounds[2]) / 2
        lat = (bounds[1] + bounds[3]) / 2
        zone = int((lon + 180) // 6) + 1
        if lat >= 0:
            candidates += [f"EPSG:269{zone:02d}"] if 1 <= zone <= 23 else []
            candidates += [f"EPSG:326{zone:02d}"]
        else:
            candidates += [f"EPSG:327{zone:02d}"]
        candidates += ["EPSG:3857"]
        best = _best_crs(candidates, xs, ys, bounds)
        if best:
            return best, "projected coordinates; most of the first rows fall in the areas"
        return "EPSG:?", (
            "projected coordinates, but no common system puts them in the imported areas: "
            "look up the source's CRS (state plane? feet?)"
        )
    if all(100_000 <= x <= 900_000 for x in xs) and all(0 <= y <= 10_000_000 for y in ys):
        return "EPSG:?", (
            "looks like UTM metres: EPSG:269NN (NAD83) or 326NN (WGS84) with your zone NN; "
            "import the areas first and run this again to have it checked"
        )
    return "EPSG:?", "projected coordinates: look up the source's CRS"


def _best_crs(
    candidates: list[str], xs: list[float], ys: list[float], bounds: tuple[float, ...]
) -> str:
    from pyproj import Transformer

    pad_x = (bounds[2] - bounds[0]) * 0.1 + 0.01
    pad_y = (bounds[3] - bounds[1]) * 0.1 + 0.01
    best, best_share = "", 0.5
    for crs in candidates:
        try:
            t = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        except Exception:  # noqa: S112 - an unknown code is just not a candidate
            continue
        lons, lats = t.transform(xs[:1000], ys[:1000])
        inside = sum(
            bounds[0] - pad_x <= lo <= bounds[2] + pad_x
            and bounds[1] - pad_y <= la <= bounds[3] + pad_y
            for lo, la in zip(lons, lats, strict=True)
        )
        share = inside / len(lons)
        if share > best_share:
            best, best_share = crs, share
    return best


def _coordinate_columns(sample: Sample) -> tuple[str, str]:
    lower = {h.casefold(): h for h in sample.header}
    lon = next((lower[n] for n in _LON_NAMES if n in lower), "")
    lat = next((lower[n] for n in _LAT_NAMES if n in lower), "")
    return lon, lat


def guess_category(text: str) -> str:
    """The NIBRS code an offense text probably means ("" when no keyword matches)."""
    folded = text.casefold()
    for words, code in _OFFENSE_KEYWORDS:
        if any(w in folded for w in words):
            return code
    return ""


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def suggest_mapping(path: str | Path, *, kind: str = "incidents") -> str:  # noqa: C901
    """TOML text: a starting mapping for ``path``, every guess explained in a comment."""
    path = Path(path)
    sample = read_sample(path)
    if not sample.header:
        raise ValueError(f"{path.name} has no header row.")
    n = len(sample.rows)
    out = Suggestion()
    name = re.sub(r"[^a-z0-9]+", "-", path.name.split(".")[0].casefold()).strip("-") or "source"
    out.add(f"# A starting mapping for {path.name}, guessed from its header and first {n} rows.")
    out.add("# Check every line; docs/data-mapping.md explains each key. Then import with")
    out.add(f"#   beatbridge import_{kind} {path.name} --mapping this.toml --dry-run \\")
    out.add("#       --reject-file rejects.csv")
    out.add(f"# Columns: {', '.join(sample.header)}")
    out.add("")
    out.add("[source]")
    out.add(f"name = {_toml(name)}")
    out.add(f'kind = "{kind}"')
    out.add(f'format = "{"geojson" if sample.geojson else "csv"}"')
    out.add("")
    out.add("[columns]")
    used: set[str] = set()
    # id
    id_column = ""
    for h in sample.header:
        values = sample.values(h)
        if (
            _ID_NAMES.match(h.casefold())
            and values
            and all(values)
            and len(set(values)) == len(values)
        ):
            id_column = h
            break
    # date
    split = _split_parts(sample)
    date_columns: list[str] = []
    if split:
        date_columns = [c for c, _ in split]
        fmt = " ".join(d for _, d in split)
        out.add(f"date = [{', '.join(_toml(c) for c in date_columns)}]")
        out.add(f"date_format = {_toml(fmt)}   # the parts are joined with single spaces")
    else:
        scored = []
        for h in sample.header:
            if _DATE_NAMES.search(h.casefold()):
                fmt = _best_format(sample.values(h), _DATE_FORMATS)
                if fmt:
                    scored.append((h, fmt))
        if scored:
            h, fmt = scored[0]
            date_columns = [h]
            out.add(f"date = {_toml(h)}")
            out.add(f"date_format = {_toml(fmt)}")
            time_col = next(
                (
                    t
                    for t in sample.header
                    if "time" in t.casefold()
                    and t != h
                    and _best_format(sample.values(t), _TIME_FORMATS)
                ),
                "",
            )
            if time_col and "%H" not in fmt:
                out.add(f"time = {_toml(time_col)}")
                out.add(
                    f"time_format = {_toml(_best_format(sample.values(time_col), _TIME_FORMATS))}"
                )
                date_columns.append(time_col)
        else:
            out.add('date = ""                  # FILL IN: no date column recognised')
            out.add('date_format = "%Y-%m-%d"')
    used.update(date_columns)
    out.add(f"time_zone = {_toml(settings.TIME_ZONE)}   # the zone the dates are local to")
    if id_column:
        out.add(f"id = {_toml(id_column)}   # unique in the first rows")
    else:
        out.add("# No id column: each row's id is a hash of these key columns.")
    # coordinates
    lon, lat = _coordinate_columns(sample)
    if sample.geojson and not (lon and lat):
        out.add("# lon/lat left out: the point geometry is used.")
        crs, why = "EPSG:4326", "GeoJSON geometry"
    else:
        xs = _numbers(sample.values(lon)) if lon else []
        ys = _numbers(sample.values(lat)) if lat else []
        crs, why = _guess_crs(xs, ys)
        out.add(f"lon = {_toml(lon or '')}" + ("" if lon else "   # FILL IN: the x column"))
        out.add(f"lat = {_toml(lat or '')}" + ("" if lat else "   # FILL IN: the y column"))
        if xs and ys:
            out.add(
                f"# x from {min(xs):.6g} to {max(xs):.6g}, y from {min(ys):.6g} to {max(ys):.6g}"
            )
    out.add(f"crs = {_toml(crs)}   # {why}")
    used.update(c for c in (lon, lat) if c)
    if not id_column:
        key = [*date_columns, *(c for c in (lon, lat) if c)]
        out.add(f"key = [{', '.join(_toml(c) for c in key)}]")
    # block / premise
    for label, pattern in (("block", _BLOCK_NAMES), ("premise", _PREMISE_NAMES)):
        column = next(
            (h for h in sample.header if h not in used and pattern.search(h.casefold())), ""
        )
        if column:
            out.add(f"{label} = {_toml(column)}")
            used.add(column)
    # offense
    offense = ""
    best_distinct = 0
    for h in sample.header:
        if h in used or h == id_column or not _OFFENSE_NAMES.search(h.casefold()):
            continue
        values = [v for v in sample.values(h) if v]
        distinct = len(set(values))
        if values and not _numbers(values[:50]) and 1 < distinct <= max(200, n // 10):
            hits = sum(bool(guess_category(v)) for v in set(values))
            if hits > best_distinct or not offense:
                offense, best_distinct = h, hits
    out.add("")
    out.add("[offenses]")
    if offense:
        out.add('# fallback = "90Z"   # keep offenses not in the map (else: rejected)')
        out.add("")
        out.add("[offenses.map]   # source text → NIBRS code (list: /data/dictionary/)")
        counts = Counter(v for v in sample.values(offense) if v)
        for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            code = guess_category(value)
            if code:
                out.add(f"{_toml(value)} = {_toml(code)}   # {count} in the first rows")
            else:
                out.add(f'# {_toml(value)} = ""   # FILL IN a code ({count} in the first rows)')
        # the offense column belongs to [columns]
        columns_end = out.lines.index("[offenses]") - 1
        out.lines.insert(columns_end, f"offense = {_toml(offense)}")
    else:
        out.add('constant = "90Z"   # FILL IN: no offense column recognised; every row this code')
    return out.text()
