"""What the meeting pages show, gathered in one place (read-only)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from beatbridge.core import meeting_parts

from . import permissions
from .forms import language_name
from .models import Agenda, Meeting, Minutes, ProposalStatus, RSVPStatus
from .services import attendance_counts, demographics_comparison


def visible_agenda(user: Any, meeting: Meeting) -> Agenda | None:
    agenda = Agenda.objects.filter(meeting=meeting).prefetch_related("items").first()
    if agenda is not None and permissions.can_view_agenda(user, agenda):
        return agenda
    return None


def visible_minutes(user: Any, meeting: Meeting) -> Minutes | None:
    minutes = (
        Minutes.objects.filter(meeting=meeting)
        .select_related("approved_by")
        .prefetch_related(
            "questions", "action_items__owner_user", "action_items__owner_organization"
        )
        .first()
    )
    if minutes is not None and permissions.can_view_minutes(user, minutes):
        return minutes
    return None


def priority_context(meeting: Meeting) -> dict:
    """Decisions and report-backs recorded at this meeting (registered by the priorities app
    in :mod:`beatbridge.core.meeting_parts`)."""
    return meeting_parts.meeting_context(meeting)


def meeting_context(request, meeting: Meeting) -> dict:
    user = request.user
    can_run = permissions.can_run_meeting(user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "areas": list(meeting.areas.all()),
        "meeting_languages": [language_name(c) for c in meeting.languages],
        "can_run": can_run,
        "can_manage": permissions.can_manage_meeting(user, meeting),
        "can_rsvp": permissions.can_rsvp(user, meeting),
        "can_propose": permissions.can_propose_agenda_item(user, meeting),
        "can_record_walkthrough": permissions.can_record_walkthrough(user, meeting),
        "can_record_workshop": permissions.can_record_workshop(user, meeting),
        "agenda": visible_agenda(user, meeting),
        "minutes": visible_minutes(user, meeting),
        "counts": attendance_counts(meeting),
        "spots_left": meeting.spots_left(),
        "ics_url": reverse("meetings:ics", args=[meeting.pk]),
        "walkthrough_issues": list(
            meeting.walkthrough_issues.select_related("category", "concern")
        ),
        **priority_context(meeting),
    }
    # Ended, with minutes or attendance recorded: the page says it took place.
    context["was_held"] = meeting.phase == "held" and bool(
        context["minutes"] or context["counts"]["attended"] or meeting.head_count
    )
    context["issue_points"] = [
        {"lon": i.lon, "lat": i.lat, "label": f"{i.category}: {i.description[:80]}"}
        for i in context["walkthrough_issues"]
    ]
    if user.is_authenticated:
        context["my_rsvp"] = meeting.rsvps.filter(
            user=user, status__in=(RSVPStatus.CONFIRMED, RSVPStatus.WAITLISTED)
        ).first()
    if can_run:
        context["pending_proposals"] = list(
            meeting.proposals.filter(status=ProposalStatus.PENDING).select_related("proposed_by")
        )
        context["demographics"] = demographics_comparison(meeting)
    return context
