from django.http import Http404
from django.shortcuts import get_object_or_404, render

from beatbridge.core.sections import area_sections

from . import permissions, queries
from .extent import city_kind_labels, city_kinds
from .models import Area, AreaKind


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
        "officers_by_beat": queries.officers_serving(area),
        "organizations": (
            area.organizations.only("id", "name", "kind") if kind == AreaKind.NEIGHBORHOOD else []
        ),
        "neighborhoods": (
            queries.overlapping(area, AreaKind.NEIGHBORHOOD)
            if kind != AreaKind.NEIGHBORHOOD
            else []
        ),
        "sections": area_sections(request, area),
        "aliases": list(area.aliases.values_list("name", flat=True)),
        "city_kinds": city_kind_labels(),
        "city_has_beats": AreaKind.BEAT in city_kinds(),
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


def geocode(request):
    """JSON for the pick map and search box: where typed text is and which areas hold it."""
    from django.http import JsonResponse
    from django.urls import reverse

    from .search import search_areas

    result = search_areas(request.GET.get("q", ""))
    matches = [
        {
            "name": m.area.name,
            "kind": m.area.kind,
            "code": m.area.code,
            "url": reverse("areas:detail", args=[m.area.kind, m.area.code]),
            "note": m.note,
            "beat": m.beat.code if m.beat else None,
        }
        for m in result.matches
    ]
    point = (
        {"lon": round(result.point[0], 6), "lat": round(result.point[1], 6)}
        if result.point
        else None
    )
    return JsonResponse(
        {
            "query": result.query,
            "how": result.how,
            "point": point,
            "matches": matches,
            "message": result.message,
        }  # fmt: skip
    )
