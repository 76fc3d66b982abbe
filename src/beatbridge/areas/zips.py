"""ZIP code boundaries from an optional uploaded GeoJSON file (``beatbridge import_zips``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from django.db import transaction

from .models import ZipArea
from .services import AreaImportError


def _read(path: Path) -> dict:
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AreaImportError([f"Not a GeoJSON file: {exc}"]) from exc


@transaction.atomic
def import_zips(path: str | Path, *, code_field: str = "zip") -> tuple[int, int]:
    """Create or update one :class:`ZipArea` per feature; all or nothing.
    Returns ``(created, updated)``."""
    from shapely.geometry import mapping, shape

    data = _read(Path(path))
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise AreaImportError(["The file has no features (expected a GeoJSON FeatureCollection)."])
    errors: list[str] = []
    rows: dict[str, tuple[dict, float, float]] = {}
    for index, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        code = str(props.get(code_field) or "").strip()
        if not code.isdigit() or len(code) != 5:
            errors.append(f"Feature {index}: '{code_field}' is not a 5-digit ZIP code ({code!r}).")
            continue
        try:
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            errors.append(f"Feature {index} ({code}): missing or invalid geometry.")
            continue
        if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            errors.append(f"Feature {index} ({code}): not a polygon.")
            continue
        point = geom.representative_point()
        rows[code] = (mapping(geom), point.x, point.y)
    if errors:
        raise AreaImportError(errors[:50])
    created = updated = 0
    for code, (geometry, lon, lat) in rows.items():
        _, was_created = ZipArea.objects.update_or_create(
            code=code,
            defaults={"geometry": json.loads(json.dumps(geometry)), "lon": lon, "lat": lat},
        )
        created += was_created
        updated += not was_created
    return created, updated
