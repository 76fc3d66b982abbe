"""Read-side helpers: which beats serve a neighborhood, and the like."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Q

from .models import Area, AreaKind, OfficerAssignment


def overlapping(area: Area, kind: str, min_share: float = 0.05) -> list[Area]:
    """Areas of ``kind`` sharing at least ``min_share`` of either area with ``area``.

    Computed from the outlines the locator keeps per process (no outline is read or parsed
    per call) and kept until the areas change; the areas come with their outline deferred
    (reading ``.geometry`` loads it), ordered by code.
    """
    from . import locator

    if area.pk is not None:
        ids = locator.overlapping_ids(area.pk, area.kind, kind, min_share)
        if ids is not None:
            return sorted(locator.areas_by_id(ids), key=lambda a: a.code)
    key = f"areas:overlap:{area.pk}:{kind}:{area.updated_at.timestamp()}:{min_share}"
    ids = cache.get(key)
    if ids is None:
        geom = area.shape()
        candidates = Area.objects.filter(
            kind=kind,
            min_lon__lte=area.max_lon,
            max_lon__gte=area.min_lon,
            min_lat__lte=area.max_lat,
            max_lat__gte=area.min_lat,
        ).exclude(pk=area.pk)
        ids = []
        for other in candidates:
            other_geom = other.shape()
            shared = geom.intersection(other_geom).area
            if shared and (
                shared >= min_share * other_geom.area or shared >= min_share * geom.area
            ):
                ids.append(other.pk)
        cache.set(key, ids, 3600)
    return list(Area.objects.filter(pk__in=ids).order_by("code"))


def beats_serving(area: Area) -> list[Area]:
    if area.kind == AreaKind.BEAT:
        return [area]
    if area.kind == AreaKind.DISTRICT:
        return list(area.children.filter(kind=AreaKind.BEAT).defer("geometry").order_by("code"))
    return overlapping(area, AreaKind.BEAT)


def officers_serving(area: Area) -> list[tuple[Area, list]]:
    """(beat, current officers by name) for each beat serving the area (each patrol area:
    a district or neighbourhood in a city without beats, see patrol.py)."""
    from .patrol import patrol_areas_serving

    return officers_by_beat(patrol_areas_serving(area))


def officers_by_beat(beats: list[Area]) -> list[tuple[Area, list]]:
    """(beat, current officers by name) for each beat, in one query for all the beats.

    The same rule as :meth:`Area.current_officers` (an assignment covering today), without a
    query per beat. The officers come with only their id, display name and badge number loaded.
    """
    assignments = (
        OfficerAssignment.objects.filter(beat__in=[b.pk for b in beats])
        .current()
        .select_related("officer")
        .only(
            "beat_id",
            "officer__id",
            "officer__display_name",
            "officer__badge_number",
            "officer__role",
        )
    )
    found: dict[int, dict[int, object]] = {b.pk: {} for b in beats}
    for a in assignments:
        found[a.beat_id][a.officer.pk] = a.officer
    return [
        (beat, sorted(found[beat.pk].values(), key=lambda u: (u.display_name, u.pk)))
        for beat in beats
    ]


def officer_patrol_area(officer: Any) -> Area | None:
    """The area (beat, or district/neighbourhood in a city without beats) the officer works
    now: their current assignment, the most recent one first; None when they have none."""
    assignment = (
        OfficerAssignment.objects.filter(officer=officer)
        .current()
        .select_related("beat")
        .order_by("-starts_on", "-pk")
        .first()
    )
    return assignment.beat if assignment else None


def officer_neighborhood_ids(officer: Any) -> set[int]:
    """Neighborhoods overlapping a district of one of ``officer``'s current beats (the
    verification requests they may decide: accounts.permissions.verification_neighborhood_ids)."""
    beat_ids = OfficerAssignment.objects.filter(officer=officer).current().values("beat_id")
    districts = Area.objects.filter(
        Q(children__in=beat_ids) | Q(pk__in=beat_ids), kind=AreaKind.DISTRICT
    ).distinct()
    found = {n.pk for d in districts for n in overlapping(d, AreaKind.NEIGHBORHOOD)}
    # A city whose officers work neighbourhoods: their own neighbourhoods.
    found |= set(
        Area.objects.filter(pk__in=beat_ids, kind=AreaKind.NEIGHBORHOOD).values_list(
            "pk", flat=True
        )
    )
    return found
