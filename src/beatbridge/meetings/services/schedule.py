"""Verbs that schedule meetings: single events, recurring series, updates, moves, cancellations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.core import jobs

from .. import permissions, recurrence
from ..models import EventDetailsFields, Meeting, MeetingKind, MeetingSeries, MeetingStatus

HORIZON_DAYS = 400  # how far ahead a series is materialized


def _tz():
    return timezone.get_default_timezone()


def _clean_details(details: dict[str, Any]) -> dict[str, Any]:
    """Validate the fields an event and a series share; return them cleaned."""
    errors: dict[str, str] = {}
    unknown = set(details) - set(EventDetailsFields)
    if unknown:
        raise ValidationError({f: _("Unknown field.") for f in sorted(unknown)})
    if "kind" in details and details["kind"] not in MeetingKind.values:
        errors["kind"] = _("Choose a kind of meeting.")
    if "title" in details and not str(details["title"] or "").strip():
        errors["title"] = _("Give the meeting a title.")
    if "title_es" in details:
        details["title_es"] = str(details["title_es"] or "").strip()[:200]
    lon: Any = details.get("lon")
    lat: Any = details.get("lat")
    if (lon is None) != (lat is None):
        errors["lon"] = _("Give both longitude and latitude, or neither.")
    elif lon is not None and not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
        errors["lon"] = _("This point is not on the map.")
    languages = details.get("languages")
    if languages is not None and (
        not isinstance(languages, list) or not all(isinstance(x, str) for x in languages)
    ):
        errors["languages"] = _("Languages must be a list of language codes.")
    capacity = details.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        errors["capacity"] = _("Capacity must be a whole number of at least 1, or empty.")
    if errors:
        raise ValidationError(errors)
    return details


def _check_place(details: dict[str, Any]) -> None:
    missing = {f: _("This field is required.") for f in ("kind", "title") if not details.get(f)}
    if missing:
        raise ValidationError(missing)
    if not (details.get("address") or details.get("online_url") or details.get("lon") is not None):
        raise ValidationError({"address": _("Give an address, a map point or an online link.")})


def _set_areas(obj, areas) -> None:
    areas = list(areas or [])
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area.")})
    obj.areas.set(areas)


@transaction.atomic
def schedule_meeting(
    *, areas, starts_at: dt.datetime, ends_at: dt.datetime, by: Any, **details: Any
) -> Meeting:
    """Schedule a single meeting or event."""
    if not permissions.can_create_meeting(by):
        raise PermissionDenied(_("Only officers can schedule meetings."))
    details = _clean_details(details)
    _check_place(details)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    details.setdefault("host_officer", by)
    meeting = Meeting.objects.create(starts_at=starts_at, ends_at=ends_at, created_by=by, **details)
    _set_areas(meeting, areas)
    record_activity(by, "meetings.scheduled", meeting, {"starts_at": starts_at.isoformat()})
    return meeting


def _series_dates(series: MeetingSeries, until: dt.date) -> list[dt.date]:
    end = min(series.until, until) if series.until else until
    return recurrence.occurrence_dates(
        frequency=series.frequency,
        starts_on=series.starts_on,
        until=end,
        interval=series.interval,
        weekday=series.weekday,
        ordinal=series.ordinal,
        day_of_month=series.day_of_month,
    )


def _occurrence_times(series: MeetingSeries, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = recurrence.local_instant(day, series.start_time, _tz())
    # Duration is wall-clock too: 18:30 + 90 min ends at 20:00 local.
    end_wall = dt.datetime.combine(day, series.start_time) + dt.timedelta(
        minutes=series.duration_minutes
    )
    end = recurrence.local_instant(end_wall.date(), end_wall.time(), _tz())
    return start, end


def extend_series(series: MeetingSeries, *, until: dt.date | None = None) -> int:
    """Materialize the series' occurrences up to ``until`` (default: the horizon).

    Idempotent: dates already materialized (moved, cancelled or not) are never recreated.
    """
    until = until or (timezone.localdate() + dt.timedelta(days=HORIZON_DAYS))
    existing = set(series.meetings.values_list("series_date", flat=True))
    areas = list(series.areas.all())
    created = 0
    for day in _series_dates(series, until):
        if day in existing:
            continue
        start, end = _occurrence_times(series, day)
        meeting = Meeting.objects.create(
            series=series,
            series_date=day,
            starts_at=start,
            ends_at=end,
            created_by=series.created_by,
            **{f: getattr(series, f) for f in EventDetailsFields},
        )
        meeting.areas.set(areas)
        created += 1
    return created


def _clean_rule(rule: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    frequency = rule.get("frequency")
    if frequency not in recurrence.FREQUENCIES:
        errors["frequency"] = _("Choose how the meeting repeats.")
    interval = rule.get("interval") or 1
    if not isinstance(interval, int) or not 1 <= interval <= 12:
        errors["interval"] = _("Repeat every 1 to 12 weeks or months.")
    weekday, ordinal, dom = rule.get("weekday"), rule.get("ordinal"), rule.get("day_of_month")
    if (
        frequency in (recurrence.WEEKLY, recurrence.MONTHLY_WEEKDAY)
        and weekday is not None
        and (not isinstance(weekday, int) or not 0 <= weekday <= 6)
    ):
        errors["weekday"] = _("Choose a weekday.")
    if frequency == recurrence.MONTHLY_WEEKDAY:
        if weekday is None:
            errors["weekday"] = _("Choose a weekday.")
        if ordinal not in (1, 2, 3, 4, recurrence.LAST):
            errors["ordinal"] = _("Choose first, second, third, fourth or last.")
    if frequency == recurrence.MONTHLY_DAY and (not isinstance(dom, int) or not 1 <= dom <= 31):
        errors["day_of_month"] = _("Choose a day of the month from 1 to 31.")
    if not isinstance(rule.get("start_time"), dt.time):
        errors["start_time"] = _("Give the local start time.")
    if not isinstance(rule.get("starts_on"), dt.date):
        errors["starts_on"] = _("Give the first date.")
    duration = rule.get("duration_minutes", 90)
    if not isinstance(duration, int) or not 10 <= duration <= 24 * 60:
        errors["duration_minutes"] = _("The duration must be between 10 minutes and 24 hours.")
    until = rule.get("until")
    if (
        until is not None
        and isinstance(rule.get("starts_on"), dt.date)
        and until < rule["starts_on"]
    ):
        errors["until"] = _("The last date must be after the first.")
    if errors:
        raise ValidationError(errors)
    return {
        "frequency": frequency,
        "interval": interval,
        "weekday": weekday if frequency != recurrence.MONTHLY_DAY else None,
        "ordinal": ordinal if frequency == recurrence.MONTHLY_WEEKDAY else None,
        "day_of_month": dom if frequency == recurrence.MONTHLY_DAY else None,
        "start_time": rule["start_time"],
        "starts_on": rule["starts_on"],
        "until": until,
        "duration_minutes": duration,
    }


RULE_FIELDS = (
    "frequency",
    "interval",
    "weekday",
    "ordinal",
    "day_of_month",
    "start_time",
    "starts_on",
    "until",
    "duration_minutes",
)


def create_series(
    *, areas, by: Any, horizon: dt.date | None = None, **fields: Any
) -> MeetingSeries:
    """Create a recurring series and materialize its occurrences."""
    if not permissions.can_create_meeting(by):
        raise PermissionDenied(_("Only officers can schedule meetings."))
    rule = _clean_rule({k: v for k, v in fields.items() if k in RULE_FIELDS})
    details = _clean_details({k: v for k, v in fields.items() if k not in RULE_FIELDS})
    _check_place(details)
    details.setdefault("host_officer", by)
    with transaction.atomic():
        series = MeetingSeries.objects.create(created_by=by, **rule, **details)
        _set_areas(series, areas)
        count = extend_series(series, until=horizon)
        record_activity(by, "meetings.series_created", series, {"occurrences": count})
    return series


def update_series(series: MeetingSeries, *, by: Any, **details: Any) -> int:
    """Change what a series' future occurrences share (title, place, hosts, …).

    Occurrences moved or edited on their own keep their own details. Returns the number
    of future occurrences updated (each gets a higher SEQUENCE and is announced).
    """
    if not permissions.can_manage_series(by, series):
        raise PermissionDenied(_("You cannot change this series."))
    details = _clean_details(details)
    with transaction.atomic():
        for field, value in details.items():
            setattr(series, field, value)
        series.save()
        future = list(
            series.meetings.select_for_update().filter(
                starts_at__gte=timezone.now(), is_detached=False, status=MeetingStatus.SCHEDULED
            )
        )
        for meeting in future:
            for field, value in details.items():
                setattr(meeting, field, value)
            _bump(meeting)
            meeting.save()
        record_activity(by, "meetings.series_updated", series, {"fields": sorted(details)})
    _announce([m.pk for m in future], "updated")
    return len(future)


def _bump(meeting: Meeting) -> None:
    meeting.sequence += 1
    meeting.updated_at = timezone.now()


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _announce(meeting_ids: list[int], change: str) -> None:
    for pk in meeting_ids:
        jobs.enqueue("beatbridge.meetings.tasks.notify_meeting_changed", pk, change)


def update_meeting(meeting: Meeting, *, by: Any, notify: bool = True, **details: Any) -> Meeting:
    """Change a meeting's details (this occurrence only)."""
    if not permissions.can_manage_meeting(by, meeting):
        raise PermissionDenied(_("You cannot change this meeting."))
    areas = details.pop("areas", None)
    details = _clean_details(details)
    with transaction.atomic():
        meeting = _locked(meeting)
        changed = {f for f, v in details.items() if getattr(meeting, f) != v}
        for field in changed:
            setattr(meeting, field, details[field])
        if areas is not None:
            _set_areas(meeting, areas)
            changed.add("areas")
        if not changed:
            return meeting
        meeting.is_detached = meeting.series_id is not None
        _bump(meeting)
        meeting.save()
        record_activity(by, "meetings.updated", meeting, {"fields": sorted(changed)})
    if notify:
        _announce([meeting.pk], "updated")
    return meeting


def move_meeting(
    meeting: Meeting,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    by: Any,
    reason: str = "",
) -> Meeting:
    """Move one meeting (or one occurrence of a series) to another time; attendees are told."""
    if not permissions.can_manage_meeting(by, meeting):
        raise PermissionDenied(_("You cannot move this meeting."))
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    if ends_at is None:
        ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be moved."))
    with transaction.atomic():
        meeting = _locked(meeting)
        old = meeting.starts_at
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.is_detached = meeting.series_id is not None
        _bump(meeting)
        meeting.save()
        record_activity(
            by,
            "meetings.moved",
            meeting,
            {"from": old.isoformat(), "to": starts_at.isoformat(), "reason": reason},
        )
    _announce([meeting.pk], "moved")
    return meeting


def cancel_meeting(meeting: Meeting, *, by: Any, reason: str = "") -> Meeting:
    """Cancel one meeting; it stays in the calendar feeds as STATUS:CANCELLED."""
    if not permissions.can_manage_meeting(by, meeting):
        raise PermissionDenied(_("You cannot cancel this meeting."))
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_cancelled:
            return meeting
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason[:300]
        _bump(meeting)
        meeting.save()
        record_activity(by, "meetings.cancelled", meeting, {"reason": reason})
    _announce([meeting.pk], "cancelled")
    return meeting


def extend_all_series() -> int:
    """Keep every open-ended series materialized up to the horizon (daily job)."""
    today = timezone.localdate()
    total = 0
    for series in MeetingSeries.objects.all():
        if series.until and series.until < today:
            continue
        total += extend_series(series)
    return total


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The next scheduled meeting of the same kind for the same area."""
    area = meeting.primary_area()
    qs = Meeting.objects.scheduled().filter(kind=meeting.kind, starts_at__gt=meeting.starts_at)
    if meeting.series_id:
        qs = qs.filter(series_id=meeting.series_id)
    elif area is not None:
        qs = qs.filter(areas=area)
    return qs.order_by("starts_at").first()


def previous_meeting_before(meeting: Meeting) -> Meeting | None:
    """The last meeting of the same kind for the same area that was held before this one."""
    area = meeting.primary_area()
    qs = Meeting.objects.scheduled().filter(kind=meeting.kind, starts_at__lt=meeting.starts_at)
    qs = qs.filter(areas=area) if area is not None else qs.filter(series_id=meeting.series_id)
    return qs.order_by("-starts_at").first()


__all__ = [
    "cancel_meeting",
    "create_series",
    "extend_all_series",
    "extend_series",
    "move_meeting",
    "next_meeting_after",
    "previous_meeting_before",
    "schedule_meeting",
    "update_meeting",
    "update_series",
]
