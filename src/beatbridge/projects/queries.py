"""Read-side helpers: the incidents and concerns a project covers, counted and patterned."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from beatbridge.insights.assessment import time_pattern

from .models import EvidenceKind, Project

AREA_FIELD = {"beat": "beat_id", "district": "district_id", "neighborhood": "neighborhood_id"}


def area_q(areas: list[Any]) -> Q:
    """Records (incidents or concerns) located in any of the areas."""
    q = Q(pk__in=[])
    for area in areas:
        q |= Q(**{AREA_FIELD[area.kind]: area.pk})
    return q


def districts_of(areas: list[Any]) -> list[Any]:
    from beatbridge.areas.queries import overlapping

    found: dict[int, Any] = {}
    for area in areas:
        if area.kind == "district":
            found[area.pk] = area
        elif area.kind == "beat" and area.parent_id:
            found[area.parent_id] = area.parent
        else:
            for d in overlapping(area, "district"):
                found[d.pk] = d
    return list(found.values())


def _window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def incident_categories(project: Project) -> list[int]:
    return [
        pk
        for pk in project.evidence.filter(kind=EvidenceKind.INCIDENTS).values_list(
            "category_id", flat=True
        )
        if pk
    ]


def count_incidents(where: Q, start: dt.date, end: dt.date, categories: list[int]) -> int:
    from beatbridge.data.models import Incident

    lo, hi = _window(start, end)
    qs = Incident.objects.filter(where, occurred_at__gte=lo, occurred_at__lt=hi)
    if categories:
        qs = qs.filter(category_id__in=categories)
    return qs.count()


def count_concerns(where: Q, start: dt.date, end: dt.date) -> int:
    from beatbridge.concerns.models import Concern

    lo, hi = _window(start, end)
    return Concern.objects.filter(where, created_at__gte=lo, created_at__lt=hi).count()


def linked_incidents(project: Project):
    """Incidents matched by the project's stored incident filters (public categories only)."""
    from beatbridge.data.models import Incident

    q = Q(pk__in=[])
    for link in project.evidence.filter(kind=EvidenceKind.INCIDENTS).select_related("area"):
        part = Q()
        if link.category_id:
            part &= Q(category_id=link.category_id)
        areas = [link.area] if link.area_id else list(project.areas.all())
        part &= area_q(areas)
        if link.date_from:
            part &= Q(occurred_at__gte=_window(link.date_from, link.date_from)[0])
        if link.date_to:
            part &= Q(occurred_at__lt=_window(link.date_to, link.date_to)[1])
        q |= part
    return Incident.objects.public().filter(q)


def linked_concerns(project: Project):
    from beatbridge.concerns.models import Concern

    ids = project.evidence.filter(kind=EvidenceKind.CONCERN).values("concern_id")
    return Concern.objects.filter(pk__in=ids)


def patterns(project: Project) -> dict:
    """Time-of-day and day-of-week patterns of the linked incidents and concerns."""
    weekdays, hours = [], []
    for wd, hr in linked_incidents(project).values_list("local_weekday", "local_hour"):
        weekdays.append(wd)
        hours.append(hr)
    for created in linked_concerns(project).values_list("created_at", flat=True):
        local = timezone.localtime(created)
        weekdays.append(local.weekday())
        hours.append(local.hour)
    return time_pattern(weekdays, hours).as_dict()


def evidence_by_month(project: Project) -> list[tuple[str, int, int]]:
    """(YYYY-MM, incidents, concerns) for every month with linked evidence."""
    inc = Counter(
        f"{m // 100}-{m % 100:02d}"
        for m in linked_incidents(project).values_list("local_month", flat=True)
    )
    con = Counter(
        timezone.localtime(c).strftime("%Y-%m")
        for c in linked_concerns(project).values_list("created_at", flat=True)
    )
    months = sorted(set(inc) | set(con))
    return [(m, inc.get(m, 0), con.get(m, 0)) for m in months]


def activity(project: Project):
    from beatbridge.accounts.models import ActivityEntry

    return (
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Project),
            target_id=str(project.pk),
            is_read=False,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def public_projects(area: Any):
    return (
        Project.objects.filter(is_public=True, areas=area)
        .distinct()
        .order_by("stage", "-start_date")
    )
