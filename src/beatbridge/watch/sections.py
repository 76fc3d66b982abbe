"""The "Neighborhood watch" section of neighborhood and beat pages."""

from __future__ import annotations

from . import permissions
from .models import WatchGroup


def watch_section(request, area) -> dict | None:
    if area.kind not in permissions.GROUP_AREA_KINDS:
        return None
    groups = list(WatchGroup.objects.active().filter(area=area).order_by("name")[:10])
    return {
        "template": "watch/area_section.html",
        "order": 45,
        "context": {
            "groups": groups,
            "area": area,
            "can_create": permissions.can_create_group(request.user, area),
        },
    }
