"""The "Problem-solving projects" section of neighborhood and beat pages."""

from __future__ import annotations

from . import queries


def projects_section(request, area) -> dict | None:
    if area.kind not in ("neighborhood", "beat"):
        return None
    projects = list(queries.public_projects(area)[:10])
    if not projects:
        return None
    return {
        "template": "projects/area_section.html",
        "order": 35,
        "context": {"projects": projects, "area": area},
    }
