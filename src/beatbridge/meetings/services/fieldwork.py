"""Walk-throughs (route, issues → concerns), workshops, and who came vs who lives there."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity

from .. import permissions
from ..models import AreaDemographics, Meeting, MeetingKind, WalkThroughIssue
from ..models.people import DIMENSIONS

# --- Walk-throughs -----------------------------------------------------------------------


def parse_route(value: Any) -> dict:
    """A GeoJSON LineString from GeoJSON (text or dict) or typed "lon,lat; lon,lat; …"."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValidationError({"route": _("This is not valid GeoJSON.")}) from None
        else:
            points = []
            for chunk in filter(None, (c.strip() for c in text.replace("\n", ";").split(";"))):
                try:
                    lon, lat = (float(x) for x in chunk.split(","))
                except ValueError:
                    raise ValidationError(
                        {"route": _("Type points as “longitude, latitude; …”.")}
                    ) from None
                points.append([lon, lat])
            value = {"type": "LineString", "coordinates": points}
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if not isinstance(value, dict) or value.get("type") != "LineString":
        raise ValidationError({"route": _("The route must be a line (GeoJSON LineString).")})
    coords: Any = value.get("coordinates")
    try:
        coords = [[float(p[0]), float(p[1])] for p in coords]
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"route": _("The route's points are not valid.")}) from None
    if len(coords) < 2:
        raise ValidationError({"route": _("A route needs at least two points.")})
    if not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in coords):
        raise ValidationError({"route": _("A point of the route is not on the map.")})
    return {"type": "LineString", "coordinates": coords}


@transaction.atomic
def record_route(meeting: Meeting, *, route: Any, by: Any) -> Meeting:
    if not permissions.can_record_walkthrough(by, meeting):
        raise PermissionDenied(_("You cannot record this walk-through."))
    if meeting.kind != MeetingKind.WALK_THROUGH:
        raise ValidationError(_("Only walk-throughs have a route."))
    meeting.route = parse_route(route)
    meeting.save(update_fields=["route"])
    record_activity(
        by, "meetings.route_recorded", meeting, {"points": len(meeting.route["coordinates"])}
    )
    return meeting


def record_walkthrough_issue(
    meeting: Meeting,
    *,
    category: Any,
    description: str,
    lon: float,
    lat: float,
    address: str = "",
    by: Any,
) -> WalkThroughIssue:
    """Record an issue found on the walk and turn it into a concern in the same step."""
    if not permissions.can_record_walkthrough(by, meeting):
        raise PermissionDenied(_("You cannot record this walk-through."))
    if meeting.kind != MeetingKind.WALK_THROUGH:
        raise ValidationError(_("Only walk-throughs record issues along a route."))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what was found.")})
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValidationError({"lon": _("Place the issue on the map.")}) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError({"lon": _("This point is not on the map.")})
    from beatbridge.concerns.services import submit_concern

    with transaction.atomic():
        concern = submit_concern(
            category=category,
            description=description,
            lon=lon,
            lat=lat,
            address=address,
            by=by,
        )
        issue = WalkThroughIssue.objects.create(
            meeting=meeting,
            category=category,
            description=description,
            lon=lon,
            lat=lat,
            address=address,
            concern=concern,
            created_by=by,
        )
        record_activity(by, "meetings.walkthrough_issue", issue, {"concern": concern.pk})
    return issue


# --- Workshops ---------------------------------------------------------------------------


def clean_resources(resources: Any) -> list[dict[str, str]]:
    """[{title, url}] with http(s) URLs only."""
    if resources in (None, ""):
        return []
    if isinstance(resources, str):
        parsed = []
        for line in filter(None, (x.strip() for x in resources.splitlines())):
            title, sep, url = line.rpartition("|")
            parsed.append({"title": title.strip() if sep else url.strip(), "url": url.strip()})
        resources = parsed
    if not isinstance(resources, list):
        raise ValidationError({"resources": _("Resources must be a list of titles and links.")})
    out = []
    for entry in resources:
        if not isinstance(entry, dict):
            raise ValidationError({"resources": _("Each resource needs a title and a link.")})
        url = str(entry.get("url", "")).strip()
        title = str(entry.get("title", "")).strip() or url
        if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
            raise ValidationError({"resources": _("“%(url)s” is not a web link.") % {"url": url}})
        out.append({"title": title[:200], "url": url[:500]})
    return out


@transaction.atomic
def record_workshop(
    meeting: Meeting, *, taught: str, head_count: int | None, resources: Any = None, by: Any
) -> Meeting:
    """What a workshop taught, to how many, and the resources handed out."""
    if not permissions.can_record_workshop(by, meeting):
        raise PermissionDenied(_("You cannot record this workshop."))
    if meeting.kind != MeetingKind.WORKSHOP:
        raise ValidationError(_("Only workshops record what was taught."))
    if head_count is not None and (not isinstance(head_count, int) or head_count < 0):
        raise ValidationError({"head_count": _("The head count must be zero or more.")})
    meeting.taught = (taught or "").strip()[:8000]
    meeting.head_count = head_count
    meeting.resources = clean_resources(resources)
    meeting.save(update_fields=["taught", "head_count", "resources"])
    record_activity(by, "meetings.workshop_recorded", meeting, {"head_count": head_count})
    return meeting


# --- Who came, against who lives there ----------------------------------------------------

MISSING_RATIO = 0.5  # a group is "missing" at under half its population share
MIN_POPULATION_SHARE = 0.05
# The smallest count shown or compared: the surveys app's SURVEYS_MIN_CELL (default 10), so a
# meeting page never shows a group smaller than a survey results page would.
DEFAULT_MIN_GROUP = 10


def min_group_size() -> int:
    """Groups with fewer answers than this are not shown, nor compared with the area."""
    return int(getattr(settings, "SURVEYS_MIN_CELL", DEFAULT_MIN_GROUP))


def demographics_comparison(meeting: Meeting) -> dict:
    """Attendees' self-described groups (or RSVPs before the meeting) vs the area's shares.

    Small groups are suppressed: a group with 1 to ``min_group_size() - 1`` answers shows no
    count, share or "under-represented" label, and its count is folded into ``other_count``
    (so the counts shown always add up to ``answered``). If only one group would be hidden,
    the next smallest is hidden with it, so the folded row never reveals one group's count.
    A dimension with fewer than ``min_group_size()`` answers in all is ``too_few`` to compare.

    Returns {"basis": "attendance"|"rsvps", "answered": n, "people": n, "area": area,
    "min_group": k, "dimensions": [{"key", "label", "answered", "too_few", "other_count",
    "other_share", "rows": [{"code", "label", "count", "share", "population_share",
    "is_missing", "is_suppressed"}]}]}.
    """
    people: list[Any] = list(meeting.attendances.all())
    basis = "attendance"
    if not people:
        # Unconfirmed RSVPs are whatever someone typed: not counted.
        people = list(meeting.rsvps.filter(status__in=("confirmed", "waitlisted")))
        basis = "rsvps"
    area = _demographics_area(meeting)
    population = getattr(area, "demographics", None) if area is not None else None
    k = min_group_size()
    dimensions = []
    answered_any = 0
    for key, (label, choices) in DIMENSIONS.items():
        answers = Counter(getattr(p, key) for p in people if getattr(p, key))
        total = sum(answers.values())
        answered_any = max(answered_any, total)
        shares = getattr(population, key, {}) if population else {}
        dimensions.append(_dimension(key, label, choices, answers, total, shares, k))
    return {
        "basis": basis,
        "people": len(people),
        "answered": answered_any,
        "area": area,
        "has_population": population is not None,
        "min_group": k,
        "dimensions": dimensions,
    }


def _dimension(
    key: str,
    label: Any,
    choices: list[tuple[str, Any]],
    answers: Counter[str],
    total: int,
    shares: dict[str, float],
    k: int,
) -> dict[str, Any]:
    """One dimension's rows, with small groups suppressed (see demographics_comparison)."""
    too_few = total < k
    known = {code for code, _label in choices}
    hidden = {code for code, _label in choices if 0 < answers[code] < k}
    if len(hidden) == 1 and not too_few:
        # One hidden group alone would be the "other" row: hide the next smallest too.
        shown = sorted((answers[c], c) for c, _l in choices if c not in hidden and answers[c])
        if shown:
            hidden.add(shown[0][1])
    # Answers outside today's choices (an option since removed) are counted, never named.
    other = sum(answers[c] for c in hidden) + sum(n for c, n in answers.items() if c not in known)
    rows: list[dict[str, Any]] = []
    for code, group_label in choices:
        pop = shares.get(code)
        suppressed = too_few or code in hidden
        count = None if suppressed else answers[code]
        share = count / total if count is not None and total else None
        rows.append(
            {
                "code": code,
                "label": group_label,
                "count": count,
                "share": share,
                "population_share": pop,
                "is_suppressed": suppressed,
                "is_missing": bool(
                    not suppressed
                    and pop is not None
                    and pop >= MIN_POPULATION_SHARE
                    and (share or 0) < MISSING_RATIO * pop
                ),
            }
        )
    return {
        "key": key,
        "label": label,
        "answered": total,
        "too_few": too_few,
        "other_count": 0 if too_few else other,
        "other_share": other / total if other and total and not too_few else None,
        "rows": rows,
    }


def _demographics_area(meeting: Meeting):
    """The neighborhood to compare with: the meeting's first neighborhood with population data."""
    areas = list(meeting.areas.all())
    with_data = [a for a in areas if AreaDemographics.objects.filter(area=a).exists()]
    for area in sorted(with_data, key=lambda a: a.kind != "neighborhood"):
        return area
    if areas:
        from beatbridge.areas.queries import overlapping

        for area in areas:
            if area.kind == "beat":
                for n in overlapping(area, "neighborhood"):
                    if AreaDemographics.objects.filter(area=n).exists():
                        return n
    return areas[0] if areas else None
