"""iCalendar downloads: one meeting, an area's feed, the whole city's feed."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from beatbridge.areas.models import Area, AreaKind
from beatbridge.areas.queries import beats_serving

from . import ics, permissions
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    return _response(
        ics.calendar_for([meeting], name=meeting.display_title), f"meeting-{meeting.pk}.ics"
    )


def feed_areas(area: Area) -> list[Area]:
    """A neighborhood's feed also carries the meetings of the beats serving it."""
    if area.kind == AreaKind.NEIGHBORHOOD:
        return [area, *beats_serving(area)]
    return [area]


def area_feed(request, kind: str, code: str):
    if kind not in AreaKind.values:
        raise Http404
    area = get_object_or_404(Area, kind=kind, code=code)
    qs = Meeting.objects.filter(areas__in=feed_areas(area)).distinct()
    body = ics.calendar_for(ics.feed_meetings(qs), name=f"{area} – meetings")
    return _response(body, f"{kind}-{code}.ics")


def city_feed(request):
    body = ics.calendar_for(ics.feed_meetings(Meeting.objects.all()), name="All meetings")
    return _response(body, "city.ics")
