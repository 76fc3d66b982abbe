"""Verbs for the agenda, resident proposals, and the minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity

from .. import permissions
from ..agenda import build_items
from ..models import (
    ActionItem,
    Agenda,
    AgendaItem,
    AgendaSection,
    AgendaStatus,
    Meeting,
    Minutes,
    MinutesQuestion,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)


def _require_text(value: str, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": limit}})
    return value


# --- Proposals ---------------------------------------------------------------------------


def propose_agenda_item(
    meeting: Meeting, *, title: str, details: str = "", by: Any, on_behalf_of: str = ""
) -> Proposal:
    """A resident proposes a topic for the meeting's agenda.

    ``on_behalf_of`` names an internal process (e.g. the quarterly needs assessment) that
    files the proposal itself: then no permission is asked and ``by`` may be None.
    """
    if not on_behalf_of and not permissions.can_propose_agenda_item(by, meeting):
        raise PermissionDenied(_("Sign in to propose an agenda item for an upcoming meeting."))
    title = _require_text(title, "title", _("What would you like discussed?"), 200)
    details = (details or "").strip()[:2000]
    proposer = by if getattr(by, "is_authenticated", False) else None
    proposal = Proposal.objects.create(
        meeting=meeting, proposed_by=proposer, title=title, details=details
    )
    data = {"on_behalf_of": on_behalf_of} if on_behalf_of else None
    record_activity(proposer, "meetings.agenda_item_proposed", proposal, data)
    return proposal


@transaction.atomic
def decide_proposal(
    proposal: Proposal, *, decision: str, by: Any, merge_into: AgendaItem | None = None
) -> Proposal:
    """Accept a proposal (it becomes an agenda item), merge it into an item, or decline it."""
    meeting = proposal.meeting
    if not permissions.can_decide_proposal(by, meeting):
        raise PermissionDenied(_("You cannot decide on proposals for this meeting."))
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if decision not in ("accept", "merge", "decline"):
        raise ValidationError({"decision": _("Choose accept, merge or decline.")})
    agenda = _agenda_for_edit(meeting)
    if decision == "accept":
        item = _append_item(
            agenda,
            AgendaSection.RESIDENT_ITEM,
            proposal.title,
            proposal.details,
            {"proposal_id": proposal.pk},
        )
        proposal.status, proposal.agenda_item = ProposalStatus.ACCEPTED, item
    elif decision == "merge":
        if merge_into is None or merge_into.agenda_id != agenda.pk:
            raise ValidationError({"merge_into": _("Choose an item of this meeting's agenda.")})
        merge_into.body = (
            merge_into.body + "\n" + _("Also raised: %(t)s") % {"t": proposal.title}
        ).strip()
        merge_into.save(update_fields=["body"])
        proposal.status, proposal.agenda_item = ProposalStatus.MERGED, merge_into
    else:
        proposal.status = ProposalStatus.DECLINED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save()
    record_activity(by, f"meetings.proposal_{proposal.status}", proposal)
    return proposal


# --- Agenda ------------------------------------------------------------------------------


def _agenda_for_edit(meeting: Meeting) -> Agenda:
    agenda = Agenda.objects.filter(meeting=meeting).first()
    if agenda is None:
        agenda = generate_agenda(meeting, by=None, _checked=True)
    return agenda


def _append_item(agenda: Agenda, section: str, title: str, body: str, data: dict) -> AgendaItem:
    """Insert an item before "choose priorities" (residents' items) or at the end."""
    items = list(agenda.items.all())
    before = (
        next((i for i in items if i.section == AgendaSection.CHOOSE_PRIORITIES), None)
        if section == AgendaSection.RESIDENT_ITEM
        else None
    )
    if before is None:
        order = (agenda.items.aggregate(m=Max("order"))["m"] or 0) + 10
    else:
        order = before.order
        for item in items:
            if item.order >= order:
                item.order += 10
                item.save(update_fields=["order"])
    return AgendaItem.objects.create(
        agenda=agenda, order=order, section=section, title=title[:200], body=body, data=data
    )


@transaction.atomic
def generate_agenda(meeting: Meeting, *, by: Any, _checked: bool = False) -> Agenda:
    """(Re)generate the draft agenda from current priorities, data and concerns.

    Regenerating replaces the generated items of a draft; a published agenda is left alone.
    """
    if not _checked and not permissions.can_edit_agenda(by, meeting):
        raise PermissionDenied(_("You cannot prepare this meeting's agenda."))
    agenda, _created = Agenda.objects.get_or_create(meeting=meeting)
    if agenda.is_published:
        raise ValidationError(_("The agenda is published; unpublish it to regenerate."))
    items, since, until = build_items(meeting)
    agenda.items.all().delete()
    for index, item in enumerate(items):
        AgendaItem.objects.create(agenda=agenda, order=(index + 1) * 10, **item)
    # Proposals accepted earlier were attached to deleted items: re-attach by id.
    for stored in agenda.items.filter(section=AgendaSection.RESIDENT_ITEM):
        Proposal.objects.filter(pk=stored.data.get("proposal_id")).update(agenda_item=stored)
    agenda.period_start, agenda.period_end, agenda.generated_at = since, until, timezone.now()
    agenda.save()
    if by is not None:
        record_activity(by, "meetings.agenda_generated", agenda, {"items": len(items)})
    return agenda


@transaction.atomic
def edit_agenda_item(
    item: AgendaItem,
    *,
    by: Any,
    title: str | None = None,
    body: str | None = None,
    order: int | None = None,
) -> AgendaItem:
    if not permissions.can_edit_agenda(by, item.agenda.meeting):
        raise PermissionDenied(_("You cannot edit this agenda."))
    if title is not None:
        item.title = _require_text(title, "title", _("An item needs a title."), 200)
    if body is not None:
        item.body = body.strip()[:4000]
    if order is not None:
        if order < 0:
            raise ValidationError({"order": _("Order must be zero or more.")})
        item.order = order
    item.save()
    record_activity(by, "meetings.agenda_item_edited", item)
    return item


@transaction.atomic
def add_agenda_item(meeting: Meeting, *, title: str, body: str = "", by: Any) -> AgendaItem:
    if not permissions.can_edit_agenda(by, meeting):
        raise PermissionDenied(_("You cannot edit this agenda."))
    title = _require_text(title, "title", _("An item needs a title."), 200)
    item = _append_item(_agenda_for_edit(meeting), AgendaSection.OTHER, title, body.strip(), {})
    record_activity(by, "meetings.agenda_item_added", item)
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by: Any) -> None:
    if not permissions.can_edit_agenda(by, item.agenda.meeting):
        raise PermissionDenied(_("You cannot edit this agenda."))
    record_activity(by, "meetings.agenda_item_removed", item.agenda, {"title": item.title})
    item.delete()


@transaction.atomic
def publish_agenda(meeting: Meeting, *, by: Any, publish: bool = True) -> Agenda:
    """Publish the agenda to the meeting and neighborhood pages (or take it back to draft)."""
    if not permissions.can_edit_agenda(by, meeting):
        raise PermissionDenied(_("You cannot publish this agenda."))
    agenda = _agenda_for_edit(meeting)
    agenda.status = AgendaStatus.PUBLISHED if publish else AgendaStatus.DRAFT
    agenda.published_at = timezone.now() if publish else None
    agenda.published_by = by if publish else None
    agenda.save()
    record_activity(
        by, "meetings.agenda_published" if publish else "meetings.agenda_unpublished", agenda
    )
    return agenda


# --- Minutes -----------------------------------------------------------------------------


def _minutes_for_edit(meeting: Meeting, by: Any) -> Minutes:
    if not permissions.can_write_minutes(by, meeting):
        raise PermissionDenied(_("You cannot write the minutes of this meeting."))
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting,
        defaults={"written_by": by, "attendance_count": meeting.attendances.count()},
    )
    if minutes.is_published:
        raise ValidationError(_("The minutes are published and can no longer be changed."))
    return minutes


@transaction.atomic
def save_minutes(
    meeting: Meeting,
    *,
    by: Any,
    decisions: str = "",
    summary: str = "",
    attendance_count: int | None = None,
) -> Minutes:
    """Write or update the draft minutes. Attendance defaults to the sign-in sheet count."""
    minutes = _minutes_for_edit(meeting, by)
    if attendance_count is not None and (
        not isinstance(attendance_count, int) or attendance_count < 0
    ):
        raise ValidationError({"attendance_count": _("Attendance must be zero or more.")})
    minutes.decisions = (decisions or "").strip()[:8000]
    minutes.summary = (summary or "").strip()[:8000]
    minutes.attendance_count = (
        attendance_count if attendance_count is not None else meeting.attendances.count()
    )
    minutes.updated_at = timezone.now()
    minutes.save()
    record_activity(by, "meetings.minutes_saved", minutes)
    return minutes


@transaction.atomic
def add_question(meeting: Meeting, *, question: str, answer: str = "", by: Any) -> MinutesQuestion:
    minutes = _minutes_for_edit(meeting, by)
    question = _require_text(question, "question", _("Write the question asked."), 2000)
    entry = MinutesQuestion.objects.create(
        minutes=minutes, question=question, answer=(answer or "").strip()[:4000]
    )
    record_activity(by, "meetings.minutes_question_added", minutes)
    return entry


@transaction.atomic
def add_action_item(
    meeting: Meeting,
    *,
    description: str,
    by: Any,
    owner_user: Any = None,
    owner_organization: Any = None,
    due_on: dt.date | None = None,
) -> ActionItem:
    """An action item agreed at the meeting, owned by a person or a partner organization."""
    minutes = _minutes_for_edit(meeting, by)
    description = _require_text(description, "description", _("Say what needs doing."), 500)
    if owner_user is None and owner_organization is None:
        raise ValidationError({"owner_user": _("Give the action item an owner.")})
    if due_on is not None and due_on < timezone.localtime(meeting.starts_at).date():
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    item = ActionItem.objects.create(
        minutes=minutes,
        description=description,
        owner_user=owner_user,
        owner_organization=owner_organization,
        due_on=due_on,
        created_by=by,
    )
    record_activity(
        by,
        "meetings.action_item_added",
        item,
        {
            "owner_user": getattr(owner_user, "pk", None),
            "owner_organization": getattr(owner_organization, "pk", None),
        },
    )
    return item


@transaction.atomic
def approve_minutes(meeting: Meeting, *, by: Any) -> Minutes:
    """An officer approves the minutes, which publishes them."""
    if not permissions.can_approve_minutes(by, meeting):
        raise PermissionDenied(_("Minutes are published after an officer approves them."))
    meeting.require_started()
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Write the minutes before approving them."))
    if minutes.is_published:
        return minutes
    minutes.status = MinutesStatus.PUBLISHED
    minutes.approved_by, minutes.approved_at = by, timezone.now()
    minutes.save()
    record_activity(by, "meetings.minutes_published", minutes)
    return minutes


@transaction.atomic
def set_action_item_status(item: ActionItem, *, by: Any, done: bool = True) -> ActionItem:
    """The owner (person or partner organization) or the meeting's staff mark an action item
    of the minutes done, or open again."""
    from ..models import ActionItemStatus

    if not permissions.can_complete_action_item(by, item):
        raise PermissionDenied(_("Only the owner of this action item can update it."))
    status = ActionItemStatus.DONE if done else ActionItemStatus.OPEN
    if item.status != status:
        old = item.status
        item.status = status
        item.save(update_fields=["status"])
        record_activity(by, "meetings.action_item_status", item, {"from": old, "to": status})
    return item
