"""Patrol areas: the kind of area officers are assigned to.

Chicago assigns officers to beats. A city that publishes no beats assigns them to its districts,
and a city with neither to its neighbourhoods: the *patrol kind* is the first of beat, district
and neighbourhood that the imported areas include. Officer assignments
(:class:`~beatbridge.areas.models.OfficerAssignment`, whose field keeps the name ``beat``) point
at areas of that kind, and every "which officers serve this area" question goes through
:func:`patrol_areas_serving`.
"""

from __future__ import annotations

from beatbridge.core.memo import Memo

from .models import Area, AreaKind

#: The kinds officers can be assigned to, in order of preference.
PATROL_ORDER: tuple[str, ...] = (AreaKind.BEAT, AreaKind.DISTRICT, AreaKind.NEIGHBORHOOD)

patrol_memo = Memo("patrol kind")


def patrol_kind() -> str:
    """The kind of area officers are assigned to in this city (``"beat"`` before any import)."""

    def read() -> str:
        present = set(
            Area.objects.filter(kind__in=PATROL_ORDER).values_list("kind", flat=True).distinct()
        )
        return next((k for k in PATROL_ORDER if k in present), AreaKind.BEAT)

    return patrol_memo.get("kind", read)


def patrol_kind_label(plural: bool = False) -> str:
    """ "beat"/"district"/"neighborhood" in the active language, for sentences."""
    from django.utils.translation import gettext

    kind = patrol_kind()
    if plural:
        return {
            AreaKind.BEAT: gettext("beats"),
            AreaKind.DISTRICT: gettext("districts"),
        }.get(kind, gettext("neighborhoods"))
    return {
        AreaKind.BEAT: gettext("beat"),
        AreaKind.DISTRICT: gettext("district"),
    }.get(kind, gettext("neighborhood"))


def patrol_areas_serving(area: Area) -> list[Area]:
    """The patrol areas whose officers serve ``area``: the area itself when it is one, its
    beats (a district's children, or the beats it overlaps), else the overlapping areas of the
    patrol kind (a beat's district when districts are the patrol kind)."""
    from .queries import beats_serving, overlapping

    kind = patrol_kind()
    if area.kind == kind:
        return [area]
    if kind == AreaKind.BEAT:
        return beats_serving(area)
    if kind == AreaKind.DISTRICT and area.parent_id is not None:
        parent = Area.objects.defer("geometry").filter(pk=area.parent_id, kind=kind).first()
        if parent is not None:
            return [parent]
    return overlapping(area, kind)


def patrol_field() -> str:
    """The concern/tip field that holds the patrol area: ``beat``, ``district`` or
    ``neighborhood``."""
    return str(patrol_kind())


def patrol_district_id(area: Area) -> int | None:
    """The district an assigned area belongs to (itself when districts are patrol areas)."""
    if area.kind == AreaKind.DISTRICT:
        return area.pk
    return area.parent_id
