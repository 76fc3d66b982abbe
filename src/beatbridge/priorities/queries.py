"""Read-side helpers for priorities (used by the meetings agenda and the area pages)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext

from .models import (
    CURRENT_STATUSES,
    DEFAULT_MAX_PRIORITIES,
    Priority,
    PriorityDecision,
    PriorityListSettings,
    PriorityStatus,
    ReportBack,
)


def max_priorities(area) -> int:
    """How many priorities the area keeps (its setting, else BEATBRIDGE["MAX_PRIORITIES"], 5)."""
    own = PriorityListSettings.objects.filter(area=area).values_list("max_priorities", flat=True)
    if own:
        return own[0]
    return int(getattr(settings, "BEATBRIDGE", {}).get("MAX_PRIORITIES", DEFAULT_MAX_PRIORITIES))


def _with_report_backs(qs):
    return qs.select_related("officer_owner", "resident_contact", "area").prefetch_related(
        Prefetch("report_backs", queryset=ReportBack.objects.select_related("meeting"))
    )


def current_priorities(area) -> list[Priority]:
    return list(_with_report_backs(Priority.objects.filter(area=area).current()))


def proposed_priorities(area) -> list[Priority]:
    return list(
        Priority.objects.filter(area=area).proposed().order_by("-support_count", "created_at")
    )


def keeps_priorities(area) -> bool:
    """The one rule: the city's patrol areas (Chicago's beats) keep priority lists.

    Their beat meetings confirm the lists and the officers serving them report back; other
    areas (neighborhoods, districts) keep none of their own and roll up their beats' lists.
    """
    from beatbridge.areas.patrol import patrol_kind

    return getattr(area, "kind", None) == patrol_kind()


def takes_proposals(area) -> bool:
    """Proposals are made on a beat's page, or a neighborhood's for one of its beats."""
    return getattr(area, "kind", None) == "neighborhood" or keeps_priorities(area)


def keepers_for(area) -> list:
    """The areas whose lists a page rolls up: the area itself when it keeps priorities, else
    the patrol areas serving it (a neighborhood's overlapping beats, a district's beats)."""
    from beatbridge.areas.patrol import patrol_areas_serving

    if keeps_priorities(area):
        return [area]
    return list(patrol_areas_serving(area))


def priority_rule() -> str:
    """The rule in one sentence, in the active language, for every priorities page."""
    from beatbridge.areas.patrol import patrol_kind

    kind = patrol_kind()
    if kind == "district":
        return gettext(
            "Each district keeps its own short list of priorities, confirmed at its district "
            "meeting; neighborhood pages roll up the lists of the districts that serve them."
        )
    if kind == "neighborhood":
        return gettext(
            "Each neighborhood keeps its own short list of priorities, confirmed at its "
            "community meeting; district pages roll up the lists of the neighborhoods in them."
        )
    return gettext(
        "Each beat keeps its own short list of priorities, confirmed at its beat meeting; "
        "neighborhood and district pages roll up the lists of the beats that serve them."
    )


def areas_for_page(area) -> list:
    """The areas whose priorities a page shows: the keepers it rolls up (itself when it keeps
    a list). A list filed on the area itself before the rule (if any) is shown too."""
    keepers = keepers_for(area)
    return keepers if keepers == [area] else [area, *keepers]


def rolled_up(area) -> list[tuple]:
    """(area, current priorities, proposals) for each area of the page, in two queries for
    all of them (report-backs prefetched in one more): no query per beat or per priority."""
    areas = areas_for_page(area)
    ids = [a.pk for a in areas]
    current = _with_report_backs(Priority.objects.filter(area_id__in=ids).current())
    proposed = Priority.objects.filter(area_id__in=ids).proposed().select_related("area")
    by_area: dict[int, tuple[list, list]] = {pk: ([], []) for pk in ids}
    for p in current:
        by_area[p.area_id][0].append(p)
    for p in proposed.order_by("-support_count", "created_at"):
        by_area[p.area_id][1].append(p)
    groups = [(a, *by_area[a.pk]) for a in areas]
    # The area's own (pre-rule) list only shows when it holds something.
    return [g for g in groups if g[0] != area or g[1] or g[2] or keeps_priorities(area)]


def decisions_for_meeting(meeting) -> list[PriorityDecision]:
    return list(
        PriorityDecision.objects.filter(meeting=meeting).select_related("decided_by", "area")
    )


def held_meetings(priority: Priority, now=None) -> list:
    """Beat/community meetings for its area held since it became current, newest first."""
    from beatbridge.meetings.models import Meeting, MeetingKind, MeetingStatus

    now = now or timezone.now()
    since = priority.confirmed_at or priority.created_at
    return list(
        Meeting.objects.filter(
            areas=priority.area,
            kind__in=[MeetingKind.BEAT_MEETING, MeetingKind.COMMUNITY_MEETING],
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=since,
            starts_at__lte=now,
        ).order_by("-starts_at")
    )


def missed_report_backs(priority: Priority, now=None) -> int:
    """How many of the most recent meetings in a row passed with no report-back on it."""
    # .all() uses the prefetched report-backs when present (the dashboard): no query per row.
    reported = {r.meeting_id for r in priority.report_backs.all() if r.meeting_id is not None}
    missed = 0
    for meeting in held_meetings(priority, now):
        if meeting.pk in reported:
            break
        missed += 1
    return missed


FLAG_AFTER = 2


def flagged_priorities(now=None) -> list[tuple[Priority, int]]:
    """Current priorities with no report-back at the last two (or more) meetings in a row."""
    out = []
    for priority in _with_report_backs(Priority.objects.current()):
        missed = missed_report_backs(priority, now)
        if missed >= FLAG_AFTER:
            out.append((priority, missed))
    return out


def you_said_we_did(area) -> list[Priority]:
    """For area pages: current priorities and those resolved recently, with history prefetched."""
    recent = timezone.now() - timezone.timedelta(days=180)
    qs = Priority.objects.filter(area__in=areas_for_page(area)).filter(
        Q(status__in=CURRENT_STATUSES) | Q(status=PriorityStatus.RESOLVED, updated_at__gte=recent)
    )
    return list(_with_report_backs(qs).order_by("rank", "-support_count", "created_at"))
