from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from beatbridge.web.sections import area_sections

from . import permissions, queries
from .models import Area, AreaKind, OfficerAssignment


def officers_by_beat(beats: list[Area]) -> list[tuple[Area, list]]:
    """(beat, current officers by name) for each beat, in one query for all the beats.

    The same rule as :meth:`Area.current_officers` (an assignment covering today), without a
    query per beat.
    """
    today = timezone.localdate()
    assignments = (
        OfficerAssignment.objects.filter(beat__in=[b.pk for b in beats], starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("officer")
        .only("beat_id", "officer__id", "officer__display_name", "officer__badge_number")
    )
    found: dict[int, dict[int, object]] = {b.pk: {} for b in beats}
    for a in assignments:
        found[a.beat_id][a.officer.pk] = a.officer
    return [
        (beat, sorted(found[beat.pk].values(), key=lambda u: (u.display_name, u.pk)))
        for beat in beats
    ]


def area_detail(request, kind: str, code: str):
    if kind not in AreaKind.values:
        raise Http404
    area = get_object_or_404(
        Area.objects.select_related("parent").defer("parent__geometry"), kind=kind, code=code
    )
    if not permissions.can_view_area(request.user, area):
        raise Http404
    context = {
        "area": area,
        "officers_by_beat": officers_by_beat(queries.beats_serving(area)),
        "organizations": (
            area.organizations.only("id", "name", "kind") if kind == AreaKind.NEIGHBORHOOD else []
        ),
        "neighborhoods": (
            queries.overlapping(area, AreaKind.NEIGHBORHOOD)
            if kind != AreaKind.NEIGHBORHOOD
            else []
        ),
        "sections": area_sections(request, area),
    }
    return render(request, "areas/area_detail.html", context)


def area_list(request, kind: str):
    if kind not in AreaKind.values:
        raise Http404
    areas = Area.objects.filter(kind=kind).order_by("name" if kind == "neighborhood" else "code")
    return render(
        request,
        "areas/area_list.html",
        {"areas": areas, "kind": kind, "kind_label": AreaKind(kind).label},
    )
