"""The "You said, we did" section of area pages: current priorities and their report-backs."""

from __future__ import annotations

from django.urls import reverse

from . import queries


def priorities_section(request, area) -> dict | None:
    if area.kind not in ("neighborhood", "beat", "district"):
        return None
    priorities = queries.you_said_we_did(area)
    return {
        "template": "priorities/area_section.html",
        "order": 30,
        "context": {
            "priorities": [(p, p.latest_report_back()) for p in priorities],
            "keepers": [a for a in queries.keepers_for(area) if a != area],
            "proposals_url": reverse("priorities:area", args=[area.kind, area.code]),
        },
    }
