"""The account page's concerns panel: the concerns a person reported and those they support."""

from __future__ import annotations

from django.http import HttpRequest

from beatbridge.accounts.permissions import is_signed_in

from .models import Concern, Support

LIMIT = 20


def concerns_panel(request: HttpRequest) -> dict | None:
    """Newest first, with status; supported concerns only while they are public (three
    queries, whatever the number of concerns)."""
    user = request.user
    if not is_signed_in(user):
        return None
    reported = list(
        Concern.objects.filter(submitted_by=user)
        .select_related("category", "neighborhood")
        .order_by("-created_at")[: LIMIT + 1]
    )
    supports = list(
        Support.objects.filter(user=user, concern__in=Concern.objects.public())
        .exclude(concern__submitted_by=user)
        .select_related("concern__category", "concern__neighborhood")
        .order_by("-created_at")[: LIMIT + 1]
    )
    return {
        "template": "concerns/account/panel.html",
        "context": {
            "reported": reported[:LIMIT],
            "more_reported": len(reported) > LIMIT,
            "supported": [s.concern for s in supports[:LIMIT]],
            "more_supported": len(supports) > LIMIT,
        },
        "order": 10,
    }
