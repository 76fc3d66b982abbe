"""Outreach's parts of area pages (officer cards, announcements, resources, feeds), its
resource suggestions for concern and data pages, and the supervisors' workshop panel.

Querysets are handed to the templates unevaluated: the templates cache their fragments per
area, language and :func:`services.content_version`, so a cached fragment costs no query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language

from . import feeds, permissions, queries, services


def _lang() -> str:
    return (get_language() or "en")[:2]


def officers_section(request, area) -> dict | None:
    if area.kind not in ("neighborhood", "beat"):
        return None
    from beatbridge.areas.queries import officers_serving

    from .models import OfficerProfile

    officers = [o for _beat, people in officers_serving(area) for o in people]
    profiles = list(
        OfficerProfile.objects.filter(user_id__in=[o.pk for o in officers]).select_related("user")
    )
    if not profiles:
        return None
    return {
        "template": "outreach/section_officers.html",
        "order": 5,
        "context": {"profiles": profiles},
    }


def announcements_section(request, area) -> dict | None:
    user = request.user
    can_post = permissions.can_post_announcements(user) and (
        permissions.can_post_to_area(user, area) or permissions.partner_organizations(user).exists()
    )
    return {
        "template": "outreach/section_announcements.html",
        "order": 8,
        "context": {
            "announcements": queries.area_announcements(area),
            "version": services.content_version(),
            "can_post": can_post,
            "new_url": reverse("outreach:announcement_new") + f"?area={area.pk}",
        },
    }


def resources_section(request, area) -> dict | None:
    if area.kind != "neighborhood":
        return None
    return {
        "template": "outreach/section_resources.html",
        "order": 80,
        "context": {
            "version": services.content_version(),
            "resources": lambda: queries.featured_resources(_lang()),
            "workshop_url": reverse("outreach:workshop_request", args=[area.code]),
        },
    }


def feeds_section(request, area) -> dict | None:
    from beatbridge.data import stats

    return {
        "template": "outreach/section_feeds.html",
        "head_template": "outreach/feeds_head.html",
        "order": 95,
        "context": {
            "feeds": feeds.feed_links(area),
            "share_url": (
                reverse("outreach:area_share", args=[area.kind, area.code])
                if stats.supports(area)
                else ""
            ),
        },
    }


def suggest_resources(categories: list[str], language: str, limit: int) -> list:
    return queries.resources_for(categories, language, limit)


def workshop_requests_panel(request) -> dict | None:
    if not permissions.can_view_workshop_requests(request.user):
        return None
    return {
        "template": "outreach/panel_workshops.html",
        "order": 50,
        "context": {"counts": queries.workshop_request_counts()[:10]},
    }
