"""The "Hotspots and prevention" section on beat, district and neighborhood pages."""

from __future__ import annotations

from typing import Any

from . import permissions, services
from .services.common import AREA_FIELDS
from .views import risk_advice


def area_section(request, area) -> dict[str, Any] | None:
    if area.kind not in AREA_FIELDS or not permissions.can_view_hotspots(request.user):
        return None
    try:
        query = services.default_query(area=area)
        result = services.hotspot_map(query)
    except Exception:  # a map that cannot be drawn must not break the area page
        result, query = None, None
    advice = risk_advice(area) if permissions.can_view_elevated_risks(request.user) else []
    return {
        "template": "analysis/area_section.html",
        "context": {
            "result": result,
            "query": query,
            "advice": advice,
            "zones": [z for group in advice for z in group["zones"]],
            "area": area,
        },
        "order": 60,
    }
