"""What priorities contribute to a meeting's agenda, page and minutes editor.

Registered in :class:`~beatbridge.priorities.apps.PrioritiesConfig` through
:mod:`beatbridge.core.meeting_parts`, so that meetings never imports priorities.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from beatbridge.core import meeting_parts
from beatbridge.meetings.models import Meeting

from .forms import ReportBackForm
from .models import ReportBack
from .queries import current_priorities, decisions_for_meeting, proposed_priorities


def priority_context(meeting: Meeting) -> dict[str, Any]:
    """Decisions and report-backs recorded at this meeting."""
    return {
        "priority_decisions": decisions_for_meeting(meeting),
        "report_backs": list(
            ReportBack.objects.filter(meeting=meeting).select_related("priority", "reported_by")
        ),
    }


def priority_forms(request: Any, meeting: Meeting) -> dict[str, Any]:
    """The meeting's priorities (report-back and confirm forms post to the priorities app)."""
    area = meeting.primary_area()
    if area is None:
        return {}
    return {
        "priority_area": area,
        "current_priorities": [
            (p, ReportBackForm(prefix=f"p{p.pk}", initial={"new_status": p.status}))
            for p in current_priorities(area)
        ],
        "proposed_priorities": proposed_priorities(area),
        "back_url": reverse("meetings:minutes", args=[meeting.pk]),
    }


def register() -> None:
    meeting_parts.register_area_list("current_priorities", current_priorities)
    meeting_parts.register_area_list("proposed_priorities", proposed_priorities)
    meeting_parts.register_meeting_context(priority_context)
    meeting_parts.register_minutes_context(priority_forms)
