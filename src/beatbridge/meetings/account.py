"""The account page's meetings panel: the person's RSVPs, upcoming meetings first."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from beatbridge.accounts.permissions import is_signed_in

from .models import RSVP, RSVPStatus

UPCOMING_LIMIT = 20
PAST_LIMIT = 5


def rsvps_panel(request: HttpRequest) -> dict | None:
    """Upcoming (soonest first), then the last few past ones (newest first); cancelled RSVPs
    are left out. Two queries."""
    user = request.user
    if not is_signed_in(user):
        return None
    now = timezone.now()
    rsvps = RSVP.objects.filter(user=user).exclude(status=RSVPStatus.CANCELLED)
    rsvps = rsvps.select_related("meeting")
    upcoming = list(
        rsvps.filter(meeting__ends_at__gte=now).order_by("meeting__starts_at")[:UPCOMING_LIMIT]
    )
    past = list(rsvps.filter(meeting__ends_at__lt=now).order_by("-meeting__starts_at")[:PAST_LIMIT])
    return {
        "template": "meetings/account/panel.html",
        "context": {"upcoming_rsvps": upcoming, "past_rsvps": past},
        "order": 20,
    }
