"""Hotspot maps: H3 cells, Gi* z-scores, FDR-controlled hot and cold cells, cached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import h3
import numpy as np
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.areas.models import Area
from beatbridge.insights.hotspots import hotspot_pipeline

from .. import conf
from .common import area_q, cached, category_and_children, data_version, local_midnight

MIN_RESOLUTION, MAX_RESOLUTION = 6, 10  # public points are generalized to resolution 10


@dataclass(frozen=True)
class HotspotQuery:
    start: dt.date
    end: dt.date
    resolution: int
    category: Any = None  # OffenseCategory or None (all public categories)
    area: Area | None = None
    include_sensitive: bool = False

    def key(self) -> str:
        return ":".join(
            str(v)
            for v in (
                "analysis:hotspots",
                self.start.isoformat(),
                self.end.isoformat(),
                self.resolution,
                self.category.pk if self.category else "all",
                self.area.pk if self.area else "city",
                int(self.include_sensitive),
                data_version(),
            )
        )


def default_query(**overrides: Any) -> HotspotQuery:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "start": today - dt.timedelta(days=int(conf.get("HOTSPOT_DAYS"))),
        "end": today,
        "resolution": int(conf.get("HOTSPOT_RESOLUTION")),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return validate(HotspotQuery(**values))


def validate(query: HotspotQuery) -> HotspotQuery:
    errors: dict[str, str] = {}
    if not MIN_RESOLUTION <= query.resolution <= MAX_RESOLUTION:
        errors["resolution"] = _("Choose a resolution between %(a)s and %(b)s.") % {
            "a": MIN_RESOLUTION,
            "b": MAX_RESOLUTION,
        }
    if query.end < query.start:
        errors["end"] = _("The end date must not be before the start date.")
    elif (query.end - query.start).days > 3 * 366:
        errors["start"] = _("Choose a period of at most three years.")
    if query.category is not None and query.category.is_sensitive and not query.include_sensitive:
        errors["category"] = _("This category is not shown on public maps.")
    if errors:
        raise ValidationError(errors)
    return query


def _points(query: HotspotQuery) -> tuple[np.ndarray, np.ndarray]:
    from beatbridge.data.models import Incident

    qs = Incident.objects.filter(
        area_q(query.area),
        occurred_at__gte=local_midnight(query.start),
        occurred_at__lt=local_midnight(query.end + dt.timedelta(days=1)),
    )
    if query.category is not None:
        qs = qs.filter(category__in=category_and_children(query.category.code))
    if not query.include_sensitive:
        qs = qs.public()
    rows = np.array(list(qs.values_list("public_lon", "public_lat")), dtype=np.float64)
    if rows.size == 0:
        return np.empty(0), np.empty(0)
    return rows[:, 0], rows[:, 1]


def _study_cells(area: Area | None, resolution: int) -> list[str] | None:
    if area is None:
        return None
    try:
        cells = h3.geo_to_cells(area.geometry, resolution)
    except Exception:  # odd geometry: fall back to the cells around the incidents
        return None
    return list(cells) or None


def _feature(cell: str, count: int, z: float, q: float, label: str) -> dict[str, Any]:
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
    ring.append(ring[0])
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "cell": cell,
            "count": count,
            "z": round(z, 3),
            "q": round(q, 4),
            "label": label,
        },
    }


def _place(lon: float, lat: float) -> str:
    """The neighborhood (else beat) a cell centre lies in, for the table of top cells."""
    from beatbridge.areas.locator import locate

    try:
        areas = {a.kind: a for a in locate(lon, lat)}
    except Exception:  # outside every area, or no areas loaded
        return ""
    area = areas.get("neighborhood") or areas.get("beat")
    return str(area) if area else ""


def compute_hotspots(query: HotspotQuery) -> dict[str, Any]:
    lons, lats = _points(query)
    result = hotspot_pipeline(
        lons,
        lats,
        resolution=query.resolution,
        alpha=float(conf.get("HOTSPOT_ALPHA")),
        k=int(conf.get("HOTSPOT_K")),
        study_cells=_study_cells(query.area, query.resolution),
    )
    cells = result.cell_strings()
    features, top = [], []
    z = np.nan_to_num(result.z, nan=0.0)
    q = np.nan_to_num(result.q, nan=1.0)
    for i in np.flatnonzero(result.label != "none"):
        features.append(
            _feature(cells[i], int(result.counts[i]), float(z[i]), float(q[i]), result.label[i])
        )
    hot = np.flatnonzero(result.label == "hot")
    by_cell = dict(zip(cells, result.counts.tolist(), strict=True))
    for i in hot[np.argsort(-z[hot])][: int(conf.get("HOTSPOT_TOP_CELLS"))]:
        lat, lng = h3.cell_to_latlng(cells[i])
        top.append(
            {
                "cell": cells[i],
                "count": int(result.counts[i]),
                "with_neighbors": int(
                    sum(by_cell.get(c, 0) for c in h3.grid_disk(cells[i], result.k))
                ),
                "place": _place(lng, lat),
                "z": round(float(z[i]), 2),
                "q": float(q[i]),
                "lon": round(lng, 5),
                "lat": round(lat, 5),
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "start": query.start.isoformat(),
            "end": query.end.isoformat(),
            "resolution": query.resolution,
            "category": query.category.code if query.category else None,
            "area": f"{query.area.kind}:{query.area.code}" if query.area else None,
            "incidents": int(lons.size),
            "cells": len(cells),
            "hot": int((result.label == "hot").sum()),
            "cold": int((result.label == "cold").sum()),
            "alpha": result.alpha,
            "k": result.k,
            "top": top,
        },
    }


def hotspot_map(query: HotspotQuery) -> dict[str, Any]:
    """The hot and cold cells for the query as GeoJSON (cached per data version)."""
    return cached(query.key(), lambda: compute_hotspots(query), int(conf.get("CACHE_SECONDS")))
