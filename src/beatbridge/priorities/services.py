"""Verbs for priorities: propose, support, confirm the list at a meeting, report back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.accounts.permissions import is_officer_role
from beatbridge.core.text import required_text

from . import permissions, queries
from .models import (
    CURRENT_STATUSES,
    Outcome,
    Priority,
    PriorityDecision,
    PrioritySource,
    PriorityStatus,
    PrioritySupport,
    ReportBack,
)
from .queries import max_priorities


def keeping_area(area: Any, *, concerns: Sequence[Any] = (), keeper: Any = None) -> Any:
    """The area whose list a proposal made on ``area``'s page goes on (see
    :func:`~beatbridge.priorities.queries.keeps_priorities`): the area itself when it keeps a
    list; for a neighborhood, the chosen beat, else the one beat its concerns share, else its
    only beat."""
    from beatbridge.areas.patrol import patrol_field

    if queries.keeps_priorities(area):
        if keeper is not None and keeper.pk != area.pk:
            raise ValidationError({"keeper": _("This area keeps its own list.")})
        return area
    serving = queries.keepers_for(area)
    by_pk = {a.pk: a for a in serving}
    if keeper is not None:
        if keeper.pk not in by_pk:
            raise ValidationError({"keeper": _("Choose one of the areas that serve this one.")})
        return by_pk[keeper.pk]
    shared = {getattr(c, f"{patrol_field()}_id", None) for c in concerns}
    if len(shared) == 1 and next(iter(shared)) in by_pk:
        return by_pk[next(iter(shared))]
    if len(serving) == 1:
        return serving[0]
    if not serving:
        raise ValidationError(_("No beat serves this area yet, so no list can take it."))
    raise ValidationError({"keeper": _("Choose the list this priority goes on.")})


@transaction.atomic
def propose_priority(
    area: Any,
    *,
    title: str,
    title_es: str = "",
    description: str = "",
    concerns: Sequence[Any] = (),
    keeper: Any = None,
    by: Any,
) -> Priority:
    """Propose a priority problem, from concerns, as a resident, or as an officer.

    It goes on the list of the area that keeps priorities: ``area`` itself (a beat), or for a
    neighborhood the beat given as ``keeper`` (see :func:`keeping_area`).
    """
    if not permissions.can_propose_priority(by, area):
        raise PermissionDenied(_("Sign in to propose a priority for a neighborhood or beat."))
    title = required_text(title, "title", _("Name the problem."), 200)
    title_es = (title_es or "").strip()[:200]
    concerns = list(concerns)
    if any(getattr(c, f"{area.kind}_id", None) != area.pk for c in concerns):
        raise ValidationError({"concerns": _("Choose concerns raised in this area.")})
    origin, area = area, keeping_area(area, concerns=concerns, keeper=keeper)
    if is_officer_role(by):
        source = PrioritySource.OFFICER
    elif concerns:
        source = PrioritySource.CONCERNS
    else:
        source = PrioritySource.RESIDENT
    priority = Priority.objects.create(
        area=area,
        title=title,
        title_es=title_es,
        description=(description or "").strip()[:4000],
        source=source,
        proposed_by=by,
    )
    if concerns:
        priority.concerns.set(concerns)
    record_activity(
        by,
        "priorities.proposed",
        priority,
        {"concerns": [c.pk for c in concerns], "proposed_on": origin.pk},
    )
    return priority


def support_priority(priority: Priority, *, by: Any) -> bool:
    """A resident supports a proposal. Returns False when they already had."""
    if not permissions.can_support_priority(by, priority):
        raise PermissionDenied(_("Sign in to support a proposed priority."))
    try:
        with transaction.atomic():
            PrioritySupport.objects.create(priority=priority, user=by)
            Priority.objects.filter(pk=priority.pk).update(support_count=F("support_count") + 1)
            record_activity(by, "priorities.supported", priority)
    except IntegrityError:
        return False
    priority.refresh_from_db(fields=["support_count"])
    return True


@transaction.atomic
def confirm_priorities(
    area: Any, *, chosen: Sequence[Priority], by: Any, meeting: Any = None, note: str = ""
) -> PriorityDecision:
    """The meeting confirms the area's priority list (in order).

    Chosen proposals become active; current priorities left off the list are dropped. The
    decision (who, when, which) is recorded and shown in the meeting's minutes.
    """
    if not permissions.can_manage_priorities(by, area):
        raise PermissionDenied(_("Only officers serving this area can confirm its priorities."))
    if not queries.keeps_priorities(area):
        raise ValidationError(
            {"chosen": _("This area keeps no list of its own: confirm each beat's list.")}
        )
    chosen = list(dict.fromkeys(chosen))
    limit = max_priorities(area)
    if not chosen:
        raise ValidationError({"chosen": _("Choose at least one priority.")})
    if len(chosen) > limit:
        raise ValidationError(
            {"chosen": _("Keep the list short: at most %(n)s priorities.") % {"n": limit}}
        )
    if any(p.area_id != area.pk for p in chosen):
        raise ValidationError({"chosen": _("Choose priorities of this area.")})
    if any(p.status in (PriorityStatus.RESOLVED, PriorityStatus.DROPPED) for p in chosen):
        raise ValidationError({"chosen": _("Resolved or dropped priorities cannot be chosen.")})
    if meeting is not None and not meeting.areas.filter(pk=area.pk).exists():
        raise ValidationError({"meeting": _("This meeting is not about this area.")})
    if meeting is not None:
        meeting.require_started()
    now = timezone.now()
    dropped = list(
        Priority.objects.select_for_update()
        .filter(area=area, status__in=CURRENT_STATUSES)
        .exclude(pk__in=[p.pk for p in chosen])
    )
    for priority in dropped:
        priority.status, priority.updated_at = PriorityStatus.DROPPED, now
        priority.save(update_fields=["status", "updated_at"])
    for rank, priority in enumerate(chosen, start=1):
        if priority.status == PriorityStatus.PROPOSED:
            priority.status = PriorityStatus.ACTIVE
            priority.confirmed_at = now
        priority.rank, priority.updated_at = rank, now
        priority.save(update_fields=["status", "confirmed_at", "rank", "updated_at"])
    decision = PriorityDecision.objects.create(
        area=area,
        meeting=meeting,
        decided_by=by,
        decided_at=now,
        chosen=[{"id": p.pk, "title": p.title} for p in chosen],
        dropped=[{"id": p.pk, "title": p.title} for p in dropped],
        note=(note or "").strip()[:500],
    )
    record_activity(
        by,
        "priorities.confirmed",
        decision,
        {"chosen": [p.pk for p in chosen], "dropped": [p.pk for p in dropped]},
    )
    return decision


@transaction.atomic
def assign_priority(
    priority: Priority, *, by: Any, officer_owner: Any = None, resident_contact: Any = None
) -> Priority:
    """Name the officer who owns a priority and the resident who is its contact person."""
    if not permissions.can_manage_priorities(by, priority.area):
        raise PermissionDenied(_("Only officers serving this area can assign priorities."))
    if officer_owner is not None and not is_officer_role(officer_owner):
        raise ValidationError({"officer_owner": _("The owner must be an officer.")})
    priority.officer_owner = officer_owner
    priority.resident_contact = resident_contact
    priority.updated_at = timezone.now()
    priority.save(update_fields=["officer_owner", "resident_contact", "updated_at"])
    record_activity(
        by,
        "priorities.assigned",
        priority,
        {
            "officer_owner": getattr(officer_owner, "pk", None),
            "resident_contact": getattr(resident_contact, "pk", None),
        },
    )
    return priority


@transaction.atomic
def report_back(
    priority: Priority,
    *,
    what_was_done: str,
    done_by: str,
    outcome: str = Outcome.UNKNOWN,
    meeting: Any = None,
    new_status: str | None = None,
    by: Any,
) -> ReportBack:
    """Append a report-back to the priority's history: what was done, by whom, is it better.

    One report-back per priority per meeting: reporting again at the same meeting updates it.
    """
    if not permissions.can_report_back(by, priority):
        raise PermissionDenied(_("You cannot report back on this priority."))
    if not priority.is_current:
        raise ValidationError(_("Only active or improving priorities get report-backs."))
    what_was_done = required_text(what_was_done, "what_was_done", _("Say what was done."), 4000)
    done_by = required_text(done_by, "done_by", _("Say who did it."), 300)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose whether it is better.")})
    allowed = (*CURRENT_STATUSES, PriorityStatus.RESOLVED, PriorityStatus.DROPPED)
    if new_status and new_status not in allowed:
        raise ValidationError({"new_status": _("Choose a valid status.")})
    if meeting is not None and not meeting.areas.filter(pk=priority.area_id).exists():
        raise ValidationError({"meeting": _("This meeting is not about this priority's area.")})
    if meeting is not None:
        meeting.require_started()
    status = new_status or priority.status
    fields = {
        "what_was_done": what_was_done,
        "done_by": done_by,
        "outcome": outcome,
        "status_after": status,
        "reported_by": by,
    }
    if meeting is not None:
        entry, _created = ReportBack.objects.update_or_create(
            priority=priority, meeting=meeting, defaults=fields
        )
    else:
        entry = ReportBack.objects.create(priority=priority, **fields)
    priority.status, priority.updated_at = status, timezone.now()
    priority.save(update_fields=["status", "updated_at"])
    record_activity(
        by,
        "priorities.reported_back",
        priority,
        {"report_back": entry.pk, "outcome": outcome, "status": status},
    )
    return entry
