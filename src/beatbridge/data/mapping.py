"""Import mappings: TOML files that say how a source file's columns become Beatbridge rows.

The format is documented in docs/data-mapping.md; ready mappings live in ``data/mappings/``.
``load_mapping`` validates everything that can be checked without the data file and raises
:class:`MappingError` listing every problem.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

KINDS = ("incidents", "enforcement")
ENFORCEMENT_KINDS = ("stop", "citation", "arrest", "warning", "summons")


class MappingError(Exception):
    """The mapping cannot be used; ``errors`` lists each problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class OffenseRule:
    category: str
    is_minor: bool | None = None  # None: the category's own flag


@dataclass(frozen=True)
class LocalCategory:
    code: str
    parent: str
    name_en: str
    name_es: str
    is_minor: bool = False
    is_sensitive: bool = False


@dataclass
class Mapping:
    name: str
    source: str
    kind: str = "incidents"
    format: str = "csv"
    delimiter: str = ","
    encoding: str = "utf-8"
    id_column: str = ""
    key_columns: list[str] = field(default_factory=list)
    date_columns: list[str] = field(default_factory=list)
    date_format: str = ""
    time_columns: list[str] = field(default_factory=list)
    time_format: str = ""
    time_zone: str = "UTC"
    offense_column: str = ""
    category_column: str = ""
    lon_column: str = ""
    lat_column: str = ""
    crs: str = "EPSG:4326"
    block_column: str = ""
    premise_column: str = ""
    kind_column: str = ""
    violation_column: str = ""
    outcome_column: str = ""
    reason_column: str = ""
    constant_category: str = ""
    constant_offense: str = ""
    fallback_category: str = ""
    offenses: dict[str, OffenseRule] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    constant_kind: str = ""
    local_categories: list[LocalCategory] = field(default_factory=list)
    text: str = ""

    @property
    def digest(self) -> str:
        """Changes whenever the mapping's text does, so re-importing with a new mapping updates."""
        return hashlib.blake2b(self.text.encode(), digest_size=8).hexdigest()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def date_column(self) -> str:
        """The date column, or the first of the columns the date is split over."""
        return self.date_columns[0] if self.date_columns else ""

    @property
    def time_column(self) -> str:
        return self.time_columns[0] if self.time_columns else ""

    @property
    def offense_text_column(self) -> str:
        return self.violation_column if self.kind == "enforcement" else self.offense_column

    def used_columns(self) -> list[str]:
        cols = [
            *self.date_columns,
            *self.time_columns,
            self.offense_column,
            self.category_column,
            self.lon_column,
            self.lat_column,
            self.block_column,
            self.premise_column,
            self.kind_column,
            self.violation_column,
            self.outcome_column,
            self.reason_column,
            *self.key_columns,
        ]
        return [c for c in dict.fromkeys(cols) if c]


def shipped_mappings() -> dict[str, Path]:
    """The ready mappings shipped in ``beatbridge/data/mappings/``: {name: path}."""
    folder = Path(str(resources.files("beatbridge.data") / "mappings"))
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def _str(table: dict, key: str, errors: list[str], where: str, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        errors.append(f"{where}.{key} must be a string.")
        return default
    return value.strip() if key not in ("delimiter",) else value


def _columns(table: dict, key: str, errors: list[str], where: str) -> list[str]:
    """A column name, or a list of them (a value split over several columns: their values are
    joined with single spaces, in this order, before parsing)."""
    value = table.get(key, "")
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    errors.append(
        f"{where}.{key} must be a column name or a non-empty list of column names "
        f'(e.g. ["YEAR", "MONTH", "DAY"]).'
    )
    return []


def load_mapping(source: str | Path, *, text: str | None = None) -> Mapping:
    """Read and validate a mapping from a path (or from ``text``, named ``source``)."""
    if text is None:
        path = Path(source)
        if not path.exists() and str(source) in shipped_mappings():
            path = shipped_mappings()[str(source)]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise MappingError([f"Cannot read mapping {source}: {exc.strerror or exc}"]) from exc
        name = path.stem
    else:
        name = Path(str(source)).stem
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError([f"The mapping is not valid TOML: {exc}"]) from exc
    return parse_mapping(data, name=name, text=text)


def parse_mapping(data: dict[str, Any], *, name: str, text: str = "") -> Mapping:  # noqa: C901
    errors: list[str] = []
    src = data.get("source") or {}
    cols = data.get("columns") or {}
    offenses = data.get("offenses") or {}
    if not isinstance(src, dict) or not isinstance(cols, dict) or not isinstance(offenses, dict):
        raise MappingError(["[source], [columns] and [offenses] must be tables."])
    m = Mapping(name=name, source=_str(src, "name", errors, "source"), text=text)
    m.kind = _str(src, "kind", errors, "source", "incidents")
    m.format = _str(src, "format", errors, "source", "csv")
    m.delimiter = _str(src, "delimiter", errors, "source", ",")
    m.encoding = _str(src, "encoding", errors, "source", "utf-8")
    if not m.source:
        errors.append("source.name is required (it identifies rows from this source).")
    elif len(m.source) > 64:
        errors.append("source.name must be at most 64 characters.")
    if m.kind not in KINDS:
        errors.append(f"source.kind must be one of {', '.join(KINDS)}.")
    if m.format not in ("csv", "geojson"):
        errors.append("source.format must be csv or geojson.")
    if len(m.delimiter) != 1:
        errors.append("source.delimiter must be one character.")
    for attr, key in [
        ("id_column", "id"),
        ("date_format", "date_format"),
        ("time_format", "time_format"),
        ("time_zone", "time_zone"),
        ("offense_column", "offense"),
        ("category_column", "category"),
        ("lon_column", "lon"),
        ("lat_column", "lat"),
        ("crs", "crs"),
        ("block_column", "block"),
        ("premise_column", "premise"),
        ("kind_column", "kind"),
        ("violation_column", "violation"),
        ("outcome_column", "outcome"),
        ("reason_column", "reason"),
    ]:
        setattr(m, attr, _str(cols, key, errors, "columns", getattr(m, attr)))
    m.date_columns = _columns(cols, "date", errors, "columns")
    m.time_columns = _columns(cols, "time", errors, "columns")
    key = cols.get("key", [])
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
        errors.append("columns.key must be a list of column names.")
    else:
        m.key_columns = [k.strip() for k in key if k.strip()]
    if not m.date_columns and isinstance(cols.get("date", ""), str):
        errors.append("columns.date is required.")
    if not m.date_format:
        errors.append("columns.date_format is required (a strptime format such as %Y-%m-%d).")
    if m.time_column and not m.time_format:
        errors.append("columns.time_format is required when columns.time is set.")
    try:
        ZoneInfo(m.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(f"columns.time_zone {m.time_zone!r} is not a known time zone.")
    if m.format == "csv" and not (m.lon_column and m.lat_column):
        errors.append("columns.lon and columns.lat (or x and y) are required for CSV files.")
    try:
        from pyproj import CRS

        CRS.from_user_input(m.crs)
    except Exception:  # pyproj raises CRSError and others for nonsense
        errors.append(f"columns.crs {m.crs!r} is not a coordinate reference system (EPSG:…).")
    m.constant_category = _str(offenses, "constant", errors, "offenses")
    m.constant_offense = _str(offenses, "constant_text", errors, "offenses")
    m.fallback_category = _str(offenses, "fallback", errors, "offenses")
    for text_value, rule in (offenses.get("map") or {}).items():
        if isinstance(rule, str):
            m.offenses[text_value.strip().casefold()] = OffenseRule(rule.strip())
        elif isinstance(rule, dict) and isinstance(rule.get("category"), str):
            minor = rule.get("minor")
            if minor is not None and not isinstance(minor, bool):
                errors.append(f"offenses.map.{text_value!r}.minor must be true or false.")
                minor = None
            m.offenses[text_value.strip().casefold()] = OffenseRule(rule["category"].strip(), minor)
        else:
            errors.append(f"offenses.map.{text_value!r} must be a code or {{ category = … }}.")
    offense_col = m.offense_text_column
    if not (m.constant_category or m.category_column or offense_col):
        errors.append(
            "Say how rows get a category: offenses.constant, columns.category, or an offense "
            "column mapped in [offenses.map]."
        )
    if offense_col and not (m.offenses or m.fallback_category) and not m.category_column:
        errors.append("[offenses.map] is empty: map the source offense names onto categories.")
    kinds = data.get("kinds") or {}
    if m.kind == "enforcement":
        if not isinstance(kinds, dict):
            errors.append("[kinds] must be a table.")
            kinds = {}
        m.constant_kind = str(kinds.get("constant", "")).strip()
        for value, target in (kinds.get("map") or {}).items():
            m.kinds[str(value).strip().casefold()] = str(target).strip()
        for target in [m.constant_kind, *m.kinds.values()]:
            if target and target not in ENFORCEMENT_KINDS:
                errors.append(f"[kinds]: {target!r} is not one of {', '.join(ENFORCEMENT_KINDS)}.")
        if not (m.constant_kind or (m.kind_column and m.kinds)):
            errors.append("Enforcement mappings need kinds.constant or columns.kind + [kinds.map].")
    for i, item in enumerate(data.get("local_categories") or []):
        try:
            m.local_categories.append(
                LocalCategory(
                    code=str(item["code"]).strip(),
                    parent=str(item["parent"]).strip(),
                    name_en=str(item["name_en"]).strip(),
                    name_es=str(item.get("name_es") or item["name_en"]).strip(),
                    is_minor=bool(item.get("minor", False)),
                    is_sensitive=bool(item.get("sensitive", False)),
                )
            )
        except (KeyError, TypeError):
            errors.append(f"local_categories #{i + 1} needs code, parent and name_en.")
    if errors:
        raise MappingError(errors)
    return m
