"""The "Meetings" section of area pages, and the calendar feed it announces in <head>."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from .models import Agenda, Meeting, Minutes


def meetings_section(request, area) -> dict | None:
    from .feeds import feed_areas

    areas = feed_areas(area)
    now = timezone.now()
    upcoming = list(
        Meeting.objects.filter(areas__in=areas, ends_at__gte=now)
        .distinct()
        .order_by("starts_at")[:6]
    )
    recent_minutes = list(
        Minutes.objects.filter(
            meeting__areas__in=areas,
            status="published",
            meeting__starts_at__gte=now - dt.timedelta(days=365),
        )
        .distinct()
        .select_related("meeting")
        .order_by("-meeting__starts_at")[:3]
    )
    agendas = {
        a.meeting_id: a for a in Agenda.objects.filter(meeting__in=upcoming, status="published")
    }
    return {
        "template": "meetings/area_section.html",
        "head_template": "meetings/area_section_head.html",
        "order": 40,
        "context": {
            "upcoming": [(m, agendas.get(m.pk)) for m in upcoming],
            "recent_minutes": recent_minutes,
            "feed_url": reverse("meetings:feed_area", args=[area.kind, area.code]),
        },
    }
