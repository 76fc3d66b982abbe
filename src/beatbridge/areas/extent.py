"""What the imported areas say about the city: which kinds it has, and where the map opens.

A department that is not Chicago imports its own areas; pages and maps follow them instead of
hard-coded values (``LEAFLET_CONFIG["DEFAULT_CENTER"]``/``["DEFAULT_ZOOM"]`` still override).
"""

from __future__ import annotations

import math

from django.db.models import Max, Min

from .models import Area, AreaKind

#: The width of a typical page map in pixels, used to choose the zoom that shows every area.
MAP_WIDTH_PX = 640
MAX_ZOOM = 15


def city_kinds() -> list[str]:
    """The kinds of area the city has, in AreaKind order (e.g. ["neighborhood"])."""
    present = set(Area.objects.values_list("kind", flat=True).distinct())
    return [k for k in AreaKind.values if k in present]


def city_kind_labels() -> list[str]:
    return [str(AreaKind(k).label) for k in city_kinds()]


def city_bounds() -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of every area, or None before any import."""
    b = Area.objects.aggregate(Min("min_lon"), Min("min_lat"), Max("max_lon"), Max("max_lat"))
    values = list(b.values())
    if values[0] is None:
        return None
    return tuple(float(v) for v in values)  # type: ignore[return-value]


def map_view(bounds: tuple[float, float, float, float] | None = None) -> tuple[tuple, int] | None:
    """((lat, lon) centre, zoom) that shows all the areas on a page map; None without areas."""
    bounds = bounds or city_bounds()
    if bounds is None:
        return None
    min_lon, min_lat, max_lon, max_lat = bounds
    centre_lon = (min_lon + max_lon) / 2

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    centre_lat = math.degrees(
        2 * math.atan(math.exp((merc(min_lat) + merc(max_lat)) / 2)) - math.pi / 2
    )
    lon_span = max(max_lon - min_lon, 1e-6) / 360
    lat_span = max(merc(max_lat) - merc(min_lat), 1e-6) / (2 * math.pi)
    zoom = math.floor(math.log2(MAP_WIDTH_PX / 256 / max(lon_span, lat_span)))
    return (round(centre_lat, 5), round(centre_lon, 5)), int(max(1, min(zoom, MAX_ZOOM)))
