"""Announcements reach subscribers through the subscriptions app: urgent safety alerts at
once (topic ``urgent_alerts``), everything else as ``announcements`` (digests are theirs)."""

from __future__ import annotations

import logging

from django.conf import settings

from .models import Announcement


def absolute(path: str) -> str:
    return str(getattr(settings, "SITE_URL", "") or "").rstrip("/") + path


logger = logging.getLogger(__name__)


def announce(announcement: Announcement) -> int:
    """Hand the announcement to the subscriptions app. Runs after the announcement is
    committed; a failure there is logged and never reaches the officer who posted."""
    try:
        return _announce(announcement)
    except Exception:  # noqa: BLE001 - the announcement is published whatever happens here
        logger.exception("outreach: could not publish announcement %s", announcement.pk)
        return 0


def _announce(announcement: Announcement) -> int:
    from beatbridge.subscriptions.services import publish

    urgent = announcement.is_urgent
    if announcement.is_citywide:
        from beatbridge.areas.models import Area

        # Every area: each area's subscribers and the city-wide ones.
        areas = list(Area.objects.only("pk", "kind", "code"))
    else:
        areas = list(announcement.areas.all())
    return publish(
        topic="urgent_alerts" if urgent else "announcements",
        areas=areas,
        subject=announcement.title,
        text=f"{announcement.body}\n\n— {announcement.byline}",
        url=absolute(announcement.get_absolute_url()),
        urgent=urgent,
        source_key=f"outreach.announcement:{announcement.uuid}",
    )
