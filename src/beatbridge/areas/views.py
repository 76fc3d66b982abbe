from django.http import Http404
from django.shortcuts import get_object_or_404, render

from beatbridge.core.sections import area_sections

from . import permissions, queries
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
