"""Vectorized parsing helpers for imports: dates, numbers, time zones, generalization.

Pure numpy (+ zoneinfo, h3, pyproj); no Django. Work is done once per *distinct* value where
values repeat (dates, block-level coordinates), which is what makes million-row files fast.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import h3
import numpy as np

H3_RESOLUTION = 10
EPOCH = dt.datetime(1970, 1, 1)
_WIDTHS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}


@dataclass(frozen=True)
class FixedSpec:
    width: int
    fields: tuple[tuple[str, int, int], ...]  # (directive, start, width)
    literals: tuple[tuple[int, int], ...]  # (position, code point)


@lru_cache(maxsize=64)
def fixed_spec(fmt: str) -> FixedSpec | None:
    """A fixed-width layout for formats made only of %Y %m %d %H %M %S and literals."""
    pos, fields, literals = 0, [], []
    for token in re.findall(r"%.|[^%]", fmt):
        if token.startswith("%"):
            directive = token[1]
            if directive == "%":
                literals.append((pos, ord("%")))
                pos += 1
                continue
            if directive not in _WIDTHS:
                return None
            fields.append((directive, pos, _WIDTHS[directive]))
            pos += _WIDTHS[directive]
        else:
            literals.append((pos, ord(token)))
            pos += 1
    if not fields:
        return None
    return FixedSpec(pos, tuple(fields), tuple(literals))


def _parse_fixed(values: list[str], spec: FixedSpec) -> tuple[np.ndarray, np.ndarray]:
    n = len(values)
    width = spec.width
    arr = np.array(values, dtype=f"U{width + 1}")
    mat = arr.view(np.uint32).reshape(n, width + 1).astype(np.int64)
    ok = (mat[:, width] == 0) & (mat[:, width - 1] != 0)
    for position, code in spec.literals:
        ok &= mat[:, position] == code
    parts: dict[str, np.ndarray] = {}
    for directive, start, size in spec.fields:
        digits = mat[:, start : start + size] - 48
        ok &= ((digits >= 0) & (digits <= 9)).all(axis=1)
        value = np.zeros(n, dtype=np.int64)
        for k in range(size):
            value = value * 10 + digits[:, k]
        parts[directive] = value
    return _to_seconds(parts, ok)


@dataclass(frozen=True)
class DelimitedSpec:
    """Numeric fields of 1-2 digits (%Y: 4) separated by non-digit literals: "%Y %m %d %H %M"
    accepts "2023 1 5 7 3" as strptime does (unpadded numbers)."""

    directives: tuple[str, ...]
    literals: tuple[str, ...]  # before the first field, between fields, after the last


@lru_cache(maxsize=64)
def delimited_spec(fmt: str) -> DelimitedSpec | None:
    """A variable-width layout for %Y %m %d %H %M %S fields each followed by a literal."""
    directives: list[str] = []
    literals: list[str] = [""]
    for piece in re.findall(r"%.|[^%]", fmt):
        if piece.startswith("%") and piece != "%%":
            if piece[1] not in _WIDTHS:
                return None
            if directives and not literals[-1]:
                return None  # two fields in a row: only a fixed width can tell them apart
            directives.append(piece[1])
            literals.append("")
        else:
            char = "%" if piece == "%%" else piece
            if char.isdigit():
                return None
            literals[-1] += char
    if not directives:
        return None
    return DelimitedSpec(tuple(directives), tuple(literals))


def _parse_delimited(values: list[str], spec: DelimitedSpec) -> tuple[np.ndarray, np.ndarray]:
    """Whole-array parse of :class:`DelimitedSpec` strings: a small state machine stepped over
    the character columns (a dozen array operations per character position, no row loop)."""
    n = len(values)
    arr = np.array(values, dtype=str)
    width = max(arr.dtype.itemsize // 4, 1)
    mat = arr.astype(f"U{width}").view(np.uint32).reshape(n, width).astype(np.int32)
    n_fields = len(spec.directives)
    lit_len = np.array([len(x) for x in spec.literals], dtype=np.int32)
    lit_width = max(int(lit_len.max()), 1)
    lit_table = np.full((n_fields + 1) * lit_width, -1, dtype=np.int32)
    for k, text in enumerate(spec.literals):
        lit_table[k * lit_width : k * lit_width + len(text)] = [ord(c) for c in text]
    max_digits = np.array([_WIDTHS[d] for d in spec.directives] + [0], dtype=np.int32)
    min_digits = np.array([4 if d == "Y" else 1 for d in spec.directives] + [0], dtype=np.int32)
    fields = np.zeros(n * (n_fields + 1), dtype=np.int64)
    base = np.arange(n, dtype=np.int64) * (n_fields + 1)
    k = np.zeros(n, dtype=np.int32)  # the field (or the literal before it) being read
    q = np.zeros(n, dtype=np.int32)  # characters of literal k consumed
    digits = np.zeros(n, dtype=np.int32)  # digits of field k read so far (0: in the literal)
    acc = np.zeros(n, dtype=np.int64)
    ok = np.ones(n, dtype=bool)
    done = np.zeros(n, dtype=bool)
    zero = np.zeros(n, dtype=np.int32)

    def close_fields(sel: np.ndarray) -> None:
        idx = np.flatnonzero(sel)
        if idx.size == 0:
            return
        kk, dd = k[idx], digits[idx]
        ok[idx] &= (dd >= min_digits[kk]) & (dd <= max_digits[kk])
        fields[base[idx] + kk] = acc[idx]
        k[idx] += 1
        q[idx] = 0
        digits[idx] = 0
        acc[idx] = 0

    for j in range(width + 1):
        c = mat[:, j] if j < width else zero
        live = ok & ~done
        end = live & (c == 0)
        if end.any():
            close_fields(end & (digits > 0))
            ok &= ~end | ((k == n_fields) & (q == lit_len[k]))
            done |= end
            live &= ~end
        is_digit = (c >= 48) & (c <= 57)
        dig = live & is_digit
        # a digit continues a field, or starts one once the literal before it is complete
        ok &= ~dig | (digits > 0) | ((q >= lit_len[k]) & (k < n_fields))
        acc += dig * (acc * 9 + c - 48)
        digits += dig
        # anything else closes the field being read and must be its literal's next character
        other = live & ~is_digit
        close_fields(other & (digits > 0))
        ok &= ~other | (
            (q < lit_len[k]) & (lit_table[k * lit_width + np.minimum(q, lit_width - 1)] == c)
        )
        q += other
    ok &= done
    fields = fields.reshape(n, n_fields + 1)
    parts = {d: fields[:, i] for i, d in enumerate(spec.directives)}
    return _to_seconds(parts, ok)


def _to_seconds(parts: dict[str, np.ndarray], ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = ok.size
    year = parts.get("Y", np.full(n, 1900))
    month = parts.get("m", np.ones(n, dtype=np.int64))
    day = parts.get("d", np.ones(n, dtype=np.int64))
    hour = parts.get("H", np.zeros(n, dtype=np.int64))
    minute = parts.get("M", np.zeros(n, dtype=np.int64))
    second = parts.get("S", np.zeros(n, dtype=np.int64))
    ok = ok & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1000)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    month_index = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    month_start = month_index.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    days = month_start + np.where(ok, day - 1, 0)
    # 31 February: the day rolled into the next month.
    ok &= days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) == month_index
    seconds = days * 86400 + hour * 3600 + minute * 60 + second
    return np.where(ok, seconds, 0), ok


def parse_local_seconds(values: list[str], fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse local wall-clock date strings: (seconds since 1970 as if UTC, ok mask).

    Fixed-width numeric formats are parsed as a whole array, and so are numeric fields
    separated by literals when they are not zero-padded ("2023 1 5" for "%Y %m %d"); anything
    else (and any value these fast paths refuse) goes through ``strptime`` once per distinct
    string.
    """
    n = len(values)
    seconds = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=bool)
    if n == 0:
        return seconds, ok
    spec = fixed_spec(fmt)
    delimited = delimited_spec(fmt)
    if spec is not None and delimited is not None:
        # Both apply ("%Y %m %d"): the fixed-width parse is faster, unless values are unpadded.
        if not _parse_fixed(values[:200], spec)[1].all():
            spec = None
    if spec is not None:
        seconds, ok = _parse_fixed(values, spec)
    if delimited is not None and not ok.all():
        rest = np.flatnonzero(~ok)
        more, more_ok = _parse_delimited([values[i] for i in rest.tolist()], delimited)
        seconds[rest], ok[rest] = more, more_ok
    todo = np.flatnonzero(~ok)
    cache: dict[str, int | None] = {}
    for i in todo:
        text = values[i].strip()
        if text not in cache:
            try:
                parsed = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - local wall time
                cache[text] = int((parsed - EPOCH).total_seconds())
            except ValueError:
                cache[text] = None
        value = cache[text]
        if value is not None:
            seconds[i] = value
            ok[i] = True
    return seconds, ok


def local_to_utc(local_seconds: np.ndarray, tz: ZoneInfo) -> np.ndarray:
    """Convert local wall-clock seconds to UTC seconds.

    One zoneinfo call per distinct day (start and end of the day), and per distinct hour only
    on the days whose offset changes (DST transitions). Ambiguous times (the repeated hour in
    autumn) take the first occurrence (fold=0).
    """
    if local_seconds.size == 0:
        return local_seconds.copy()
    hours = local_seconds // 3600
    days = hours // 24
    unique_days, day_of = np.unique(days, return_inverse=True)
    day_of = day_of.reshape(-1)

    def offsets(hour_numbers: np.ndarray) -> np.ndarray:
        return np.array(
            [
                tz.utcoffset(EPOCH + dt.timedelta(hours=int(h))).total_seconds()  # type: ignore[union-attr]
                for h in hour_numbers.tolist()
            ],
            dtype=np.int64,
        )

    first, last = offsets(unique_days * 24), offsets(unique_days * 24 + 23)
    result = local_seconds - first[day_of]
    changing = np.flatnonzero(first != last)
    if changing.size:
        rows = np.flatnonzero(np.isin(day_of, changing))
        unique_hours, hour_of = np.unique(hours[rows], return_inverse=True)
        result[rows] = local_seconds[rows] - offsets(unique_hours)[hour_of.reshape(-1)]
    return result


def local_parts(local_seconds: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(YYYYMM, weekday 0=Monday, hour) of local wall-clock seconds."""
    days = local_seconds // 86400
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    yyyymm = (1970 + months // 12) * 100 + months % 12 + 1
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    hour = (local_seconds % 86400) // 3600
    return yyyymm, weekday, hour


def utc_strings(utc_seconds: np.ndarray, suffix: str = "") -> list[str]:
    """'YYYY-MM-DD HH:MM:SS' + suffix for each UTC second (the form SQL backends accept)."""
    text = np.datetime_as_string(utc_seconds.astype("datetime64[s]"), unit="s")
    mat = text.view(np.uint32).reshape(len(text), -1).copy()
    mat[:, 10] = ord(" ")
    joined = mat.view(f"U{mat.shape[1]}").reshape(-1)
    if suffix:
        joined = np.char.add(joined, suffix)
    return joined.tolist()


@lru_cache(maxsize=2)
def _digit_table(digits: int) -> np.ndarray:
    """Row i: the code points of i written with ``digits`` digits (zero-padded)."""
    values = np.arange(10**digits)
    return np.stack([values // 10 ** (digits - 1 - k) % 10 + 48 for k in range(digits)], axis=1)


def copy_time_fields(utc_seconds: np.ndarray, local_seconds: np.ndarray, suffix: str) -> list[str]:
    """``occurred_at<TAB>local_month<TAB>local_weekday<TAB>local_hour`` in COPY text format.

    Built as one character matrix (no per-row Python formatting); values are identical to
    :func:`utc_strings` + ``suffix`` and :func:`local_parts`.
    """
    n = len(utc_seconds)
    if n == 0:
        return []
    months, weekdays, hours = local_parts(local_seconds)
    days = (utc_seconds // 86400).astype("datetime64[D]")
    month_starts = days.astype("datetime64[M]")
    years = month_starts.astype("datetime64[Y]").astype(np.int64) + 1970
    if years.min() < 1000 or years.max() > 9999 or months.min() < 100001 or months.max() > 999912:
        # Years outside 1000-9999: the general (slower) path.
        return [
            f"{t}\t{m}\t{w}\t{h}"
            for t, m, w, h in zip(
                utc_strings(utc_seconds, suffix),
                months.tolist(),
                weekdays.tolist(),
                hours.tolist(),
                strict=True,
            )
        ]
    month = month_starts.astype(np.int64) % 12 + 1
    day = (days - month_starts).astype(np.int64) + 1
    seconds = utc_seconds % 86400
    width = 19 + len(suffix) + 1 + 6 + 1 + 1 + 1 + 2
    out = np.empty((n, width), dtype=np.uint32)
    two, four = _digit_table(2), _digit_table(4)
    out[:, 0:4] = four[years]
    out[:, 5:7] = two[month]
    out[:, 8:10] = two[day]
    out[:, 11:13] = two[seconds // 3600]
    out[:, 14:16] = two[seconds // 60 % 60]
    out[:, 17:19] = two[seconds % 60]
    out[:, [4, 7]] = ord("-")
    out[:, 10] = ord(" ")
    out[:, [13, 16]] = ord(":")
    pos = 19
    for ch in suffix + "\t":
        out[:, pos] = ord(ch)
        pos += 1
    out[:, pos : pos + 4] = four[months // 100]
    out[:, pos + 4 : pos + 6] = two[months % 100]
    pos += 6
    out[:, pos] = ord("\t")
    out[:, pos + 1] = weekdays + 48
    out[:, pos + 2] = ord("\t")
    out[:, pos + 3 : pos + 5] = two[hours]
    return out.view(f"U{width}").reshape(-1).tolist()


def parse_floats(values: list[str]) -> np.ndarray:
    """Floats, NaN where a value is empty or not a number."""
    try:
        return np.fromiter(map(float, values), dtype=np.float64, count=len(values))
    except ValueError:
        out = np.empty(len(values), dtype=np.float64)
        for i, v in enumerate(values):
            try:
                out[i] = float(v)
            except (TypeError, ValueError):
                out[i] = np.nan
        return out


def unique_points(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (lon, lat) pairs and, for each input point, the index of its pair."""
    if lons.size == 0:
        return lons, lats, np.zeros(0, dtype=np.int64)
    # One complex number per point: a 1-D sort, much faster than np.unique(axis=0).
    uniq, inverse = np.unique(lons + 1j * lats, return_inverse=True)
    return uniq.real.copy(), uniq.imag.copy(), inverse.reshape(-1)


def generalize(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Block-level public location: the centre of the H3 resolution-10 cell of each point."""
    cells = [
        h3.latlng_to_cell(float(la), float(lo), H3_RESOLUTION)
        for lo, la in zip(lons, lats, strict=True)
    ]
    centres = [h3.cell_to_latlng(c) for c in cells]
    glat = np.round(np.array([c[0] for c in centres], dtype=np.float64), 6)
    glon = np.round(np.array([c[1] for c in centres], dtype=np.float64), 6)
    return glon, glat, cells
