"""Verbs for areas: importing boundaries and assigning officers to beats."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from beatbridge.accounts.activity import record_activity

from .models import Area, AreaKind, OfficerAssignment


class AreaImportError(Exception):
    """The file cannot be imported; ``errors`` names each offending feature."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    parents_linked: int = 0
    codes: list[str] = field(default_factory=list)


def _properties(feature: Any) -> dict:
    props = feature.get("properties") if isinstance(feature, dict) else None
    return props if isinstance(props, dict) else {}


def _feature_label(index: int, feature: dict, code_field: str) -> str:
    props = _properties(feature)
    code = props.get(code_field)
    return f"feature #{index + 1}" + (f" ({code_field}={code!r})" if code is not None else "")


def _clean_code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_features(
    data: dict, code_field: str, name_field: str | None, population_field: str | None = None
) -> list[dict]:
    """Validate every feature; return cleaned rows or raise AreaImportError listing all problems."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError(["The file is not a GeoJSON FeatureCollection."])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaImportError(["The FeatureCollection has no features."])
    errors: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for i, feature in enumerate(features):
        label = _feature_label(i, feature if isinstance(feature, dict) else {}, code_field)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(f"{label}: not a GeoJSON Feature.")
            continue
        props = _properties(feature)
        code_raw = props.get(code_field)
        if code_raw is None or _clean_code(code_raw) == "":
            errors.append(f"{label}: missing field {code_field!r}.")
            continue
        code = _clean_code(code_raw)
        name = code
        if name_field:
            name_raw = props.get(name_field)
            if name_raw is None or str(name_raw).strip() == "":
                errors.append(f"{label}: missing field {name_field!r}.")
                continue
            name = str(name_raw).strip()
        if code in seen:
            errors.append(f"{label}: duplicate code {code!r} (also feature #{seen[code] + 1}).")
            continue
        seen[code] = i
        geometry = feature.get("geometry")
        if not geometry:
            errors.append(f"{label}: empty geometry.")
            continue
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            errors.append(f"{label}: geometry must be a Polygon or MultiPolygon.")
            continue
        try:
            geom = shape(geometry)
        except Exception as exc:  # shapely raises several types for malformed input
            errors.append(f"{label}: unreadable geometry ({exc}).")
            continue
        if geom.is_empty:
            errors.append(f"{label}: empty geometry.")
            continue
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            errors.append(f"{label}: invalid geometry ({reason}).")
            continue
        minx, miny, maxx, maxy = geom.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            errors.append(f"{label}: coordinates are not WGS84 longitude/latitude.")
            continue
        population = None
        if population_field and props.get(population_field) not in (None, ""):
            try:
                population = int(float(props[population_field]))
            except (TypeError, ValueError):
                errors.append(f"{label}: population {props[population_field]!r} is not a number.")
                continue
        rows.append(
            {
                "code": code,
                "name": name,
                "geometry": mapping(geom),
                "shape": geom,
                "population": population,
            }
        )
    if errors:
        raise AreaImportError(errors)
    return rows


def _read_text(path: Path) -> str:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8")


def _geojson_roundtrip(geometry: dict) -> dict:
    return json.loads(json.dumps(geometry))


@transaction.atomic
def import_areas(
    source: str | Path | dict,
    *,
    kind: str,
    code_field: str,
    name_field: str | None = None,
    parent_kind: str | None = None,
    population_field: str | None = None,
    name_template: str | None = None,
    by=None,
) -> ImportSummary:
    """Import (or update) one kind of areas from GeoJSON, all-or-nothing.

    Each feature's parent is the area of ``parent_kind`` that contains its representative
    point. Areas already present with the same kind and code are updated in place. ``by``
    is the acting user (None for the command line and the demo loader, which are trusted).
    """
    from .permissions import can_import_areas

    if by is not None and not can_import_areas(by):
        raise PermissionDenied(_("Only administrators can import areas."))
    if kind not in AreaKind.values:
        raise AreaImportError(
            [f"Unknown area kind {kind!r}; use one of {', '.join(AreaKind.values)}."]
        )
    if isinstance(source, dict):
        data = source
    else:
        try:
            data = json.loads(_read_text(Path(source)))
        except FileNotFoundError as exc:
            raise AreaImportError([f"File not found: {source}"]) from exc
        except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
            raise AreaImportError([f"{source} is not valid JSON: {exc}"]) from exc
    rows = parse_features(data, code_field, name_field, population_field)
    summary = ImportSummary()
    parents: list[Area] = []
    parent_index = None
    if parent_kind:
        from .spatial_index import PolygonIndex

        # Python's order, like the locator: the border rule must not depend on collation.
        parents = sorted(Area.objects.filter(kind=parent_kind), key=lambda p: p.code)
        if not parents:
            raise AreaImportError([f"No areas of kind {parent_kind!r} exist yet to be parents."])
        parent_index = PolygonIndex([p.pk for p in parents], [p.shape() for p in parents])
    existing = {a.code: a for a in Area.objects.filter(kind=kind)}
    now = timezone.now()
    for row in rows:
        name = (
            name_template.format(code=row["code"], name=row["name"])
            if name_template
            else row["name"]
        )
        geometry = _geojson_roundtrip(row["geometry"])
        parent_id = None
        if parent_index is not None:
            point = row["shape"].representative_point()
            pos = parent_index.locate(np.array([point.x]), np.array([point.y]))[0]
            if pos >= 0:
                parent_id = parents[pos].pk
                summary.parents_linked += 1
        area = existing.get(row["code"])
        if area is None:
            area = Area(kind=kind, code=row["code"])
            summary.created += 1
        elif (
            area.name == name
            and area.geometry == geometry
            and (row["population"] is None or area.population == row["population"])
            and (parent_index is None or area.parent_id == parent_id)
        ):
            summary.unchanged += 1
            summary.codes.append(row["code"])
            continue
        else:
            summary.updated += 1
        area.name = name
        area.set_geometry(geometry)
        if row["population"] is not None:
            area.population = row["population"]
        if parent_index is not None:
            area.parent_id = parent_id
        area.updated_at = now
        area.save()
        summary.codes.append(row["code"])
    record_activity(
        by,
        "areas.imported",
        None,
        {"kind": kind, "created": summary.created, "updated": summary.updated},
    )
    return summary


def assign_officer(
    officer,
    beat: Area,
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    role: str = "",
    by=None,
) -> OfficerAssignment:
    """Assign an officer to a beat for a period (open-ended when ``ends_on`` is None).

    In a city without beats ``beat`` is a district, or a neighbourhood where the city has no
    districts either: the city's patrol kind (:func:`beatbridge.areas.patrol.patrol_kind`)."""
    from beatbridge.accounts.permissions import is_officer_role

    from .patrol import patrol_kind, patrol_kind_label
    from .permissions import can_assign_officers

    if by is not None and not can_assign_officers(by):
        raise PermissionDenied(_("Only supervisors can assign officers to beats."))
    if beat.kind != patrol_kind():
        if patrol_kind() == AreaKind.BEAT:
            raise ValidationError({"beat": _("Officers are assigned to beats.")})
        raise ValidationError(
            {
                "beat": _("In this city officers are assigned to %(kinds)s.")
                % {"kinds": patrol_kind_label(plural=True)}
            }
        )
    if not is_officer_role(officer):
        raise ValidationError(
            {"officer": _("Only officers and supervisors can be assigned to beats.")}
        )
    starts_on = starts_on or timezone.localdate()
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The assignment cannot end before it starts.")})
    assignment, created = OfficerAssignment.objects.get_or_create(
        officer=officer, beat=beat, starts_on=starts_on, defaults={"ends_on": ends_on, "role": role}
    )
    if created:  # assigning the same officer again from the same day changes nothing
        record_activity(by, "areas.officer_assigned", assignment, {"beat": beat.code})
    return assignment
