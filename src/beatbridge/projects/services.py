"""Verbs for problem-solving projects. Each checks permission, writes in one transaction and
records an activity entry on the project (who, what, when), which the project page shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.accounts.permissions import is_officer_role
from beatbridge.core.text import required_text
from beatbridge.insights.assessment import difference_in_differences

from . import permissions, queries
from .models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    Assessment,
    Conclusion,
    EvidenceKind,
    EvidenceLink,
    Hypothesis,
    HypothesisStatus,
    NextStep,
    ProgressNote,
    Project,
    Stage,
    TeamMember,
    TeamRole,
)

PROJECT_FIELDS = (
    "title",
    "statement",
    "stage",
    "start_date",
    "target_response_date",
    "target_assessment_date",
    "response_started_on",
    "is_public",
    "private_notes",
    "offender",
    "handler",
    "target",
    "guardian",
    "place",
    "manager",
)


def _manage(by: Any, project: Project) -> None:
    if not permissions.can_manage_project(by, project):
        raise PermissionDenied(_("Only officers working on this project can change it."))


def _log(by: Any, verb: str, project: Project, data: dict | None = None) -> None:
    record_activity(by, f"projects.{verb}", project, data or {})


@transaction.atomic
def create_project(
    areas: Sequence[Any],
    *,
    title: str,
    statement: str,
    by: Any,
    priority: Any = None,
    start_date: dt.date | None = None,
    target_response_date: dt.date | None = None,
    target_assessment_date: dt.date | None = None,
    is_public: bool = True,
) -> Project:
    """Start a project in one or more areas, usually from a priority. The creator leads it."""
    areas = list(dict.fromkeys(areas))
    if priority is not None and not areas:
        areas = [priority.area]
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area.")})
    if not any(permissions.can_create_project(by, a) for a in areas):
        raise PermissionDenied(_("Only officers serving this area can start a project."))
    title = required_text(
        title or getattr(priority, "title", ""), "title", _("Name the project."), 200
    )
    statement = required_text(statement, "statement", _("State the problem."), 4000)
    start = start_date or timezone.localdate()
    for field, value in (
        ("target_response_date", target_response_date),
        ("target_assessment_date", target_assessment_date),
    ):
        if value and value < start:
            raise ValidationError({field: _("A target date cannot be before the start date.")})
    project = Project.objects.create(
        title=title,
        statement=statement,
        priority=priority,
        start_date=start,
        target_response_date=target_response_date,
        target_assessment_date=target_assessment_date,
        is_public=is_public,
        created_by=by,
    )
    project.areas.set(areas)
    TeamMember.objects.create(project=project, user=by, role=TeamRole.LEAD)
    if priority is not None:
        for concern in priority.concerns.all():
            EvidenceLink.objects.create(
                project=project, kind=EvidenceKind.CONCERN, concern=concern, added_by=by
            )
    _log(
        by,
        "created",
        project,
        {"areas": [a.pk for a in areas], "priority": getattr(priority, "pk", None)},
    )
    return project


@transaction.atomic
def update_project(project: Project, *, by: Any, **changes: Any) -> Project:
    """Change the statement, stage, dates, public flag, private notes or the analysis triangle."""
    _manage(by, project)
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if "stage" in changes and changes["stage"] not in Stage.values:
        raise ValidationError({"stage": _("Choose a valid stage.")})
    for field in ("title", "statement"):
        if field in changes:
            changes[field] = required_text(
                changes[field], field, _("This field is required."), 4000
            )
    changed = {}
    for field, value in changes.items():
        if getattr(project, field) != value:
            changed[field] = value
            setattr(project, field, value)
    if changed.get("stage") == Stage.RESPONSE and not project.response_started_on:
        project.response_started_on = timezone.localdate()
        changed["response_started_on"] = project.response_started_on
    if not changed:
        return project
    project.updated_at = timezone.now()
    project.save()
    logged = {
        k: (str(v) if isinstance(v, dt.date) else v)
        for k, v in changed.items()
        if k != "private_notes"
    }
    if "private_notes" in changed:
        logged["private_notes"] = "changed"
    _log(by, "stage_changed" if "stage" in changed else "updated", project, logged)
    return project


@transaction.atomic
def add_team_member(
    project: Project, *, by: Any, role: str, user: Any = None, organization: Any = None
) -> TeamMember:
    _manage(by, project)
    if (user is None) == (organization is None):
        raise ValidationError({"user": _("Choose a person or a partner organization.")})
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == TeamRole.OFFICER and not is_officer_role(user):
        raise ValidationError({"role": _("Only officers can have the officer role.")})
    existing = project.team.filter(user=user, organization=organization).first()
    if existing:
        raise ValidationError({"user": _("Already on the team.")})
    member = TeamMember.objects.create(
        project=project, user=user, organization=organization, role=role
    )
    _log(by, "team_added", project, {"member": member.pk, "role": role, "name": member.public_name})
    return member


@transaction.atomic
def remove_team_member(member: TeamMember, *, by: Any) -> None:
    project = member.project
    _manage(by, project)
    name = member.public_name
    member.delete()
    _log(by, "team_removed", project, {"name": name})


@transaction.atomic
def link_evidence(
    project: Project,
    *,
    by: Any,
    kind: str,
    concern: Any = None,
    tip: Any = None,
    minutes: Any = None,
    category: Any = None,
    area: Any = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    note: str = "",
) -> EvidenceLink:
    """Link a concern, a tip, meeting minutes, or incidents (a stored category/area/date filter)."""
    _manage(by, project)
    fields: dict[str, Any] = {"kind": kind, "note": (note or "").strip()[:500]}
    if kind == EvidenceKind.CONCERN:
        if concern is None:
            raise ValidationError({"concern": _("Choose a concern.")})
        fields["concern"] = concern
    elif kind == EvidenceKind.TIP:
        if tip is None or not permissions.can_view_tip_evidence(by, tip):
            raise ValidationError({"tip": _("Choose a tip you can read.")})
        fields["tip"] = tip
    elif kind == EvidenceKind.MINUTES:
        if minutes is None:
            raise ValidationError({"minutes": _("Choose a meeting's minutes.")})
        fields["minutes"] = minutes
    elif kind == EvidenceKind.INCIDENTS:
        if date_from and date_to and date_to < date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})
        fields.update(category=category, area=area, date_from=date_from, date_to=date_to)
    else:
        raise ValidationError({"kind": _("Choose a kind of evidence.")})
    link = EvidenceLink.objects.create(project=project, added_by=by, **fields)
    # The log never names a tip's content: only that one was linked.
    _log(by, "evidence_linked", project, {"link": link.pk, "kind": kind})
    return link


@transaction.atomic
def unlink_evidence(link: EvidenceLink, *, by: Any) -> None:
    project = link.project
    _manage(by, project)
    data = {"link": link.pk, "kind": link.kind}
    link.delete()
    _log(by, "evidence_unlinked", project, data)


@transaction.atomic
def add_hypothesis(project: Project, *, text: str, by: Any) -> Hypothesis:
    _manage(by, project)
    text = required_text(text, "text", _("Write the hypothesis."), 500)
    h = Hypothesis.objects.create(project=project, text=text)
    _log(by, "hypothesis_added", project, {"hypothesis": h.pk, "text": text})
    return h


@transaction.atomic
def set_hypothesis_status(hypothesis: Hypothesis, *, status: str, by: Any) -> Hypothesis:
    _manage(by, hypothesis.project)
    if status not in HypothesisStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    hypothesis.status = status
    hypothesis.save(update_fields=["status"])
    _log(
        by, "hypothesis_status", hypothesis.project, {"hypothesis": hypothesis.pk, "status": status}
    )
    return hypothesis


@transaction.atomic
def add_action_item(
    project: Project,
    *,
    title: str,
    by: Any,
    owner_user: Any = None,
    owner_organization: Any = None,
    due_date: dt.date | None = None,
    description: str = "",
    is_public: bool = True,
) -> ActionItem:
    """A response task owned by an officer, a resident or a partner organization."""
    _manage(by, project)
    title = required_text(title, "title", _("Say what will be done."), 200)
    if owner_user is not None and owner_organization is not None:
        raise ValidationError({"owner_user": _("Choose one owner: a person or an organization.")})
    item = ActionItem.objects.create(
        project=project,
        title=title,
        description=(description or "").strip()[:4000],
        owner_user=owner_user,
        owner_organization=owner_organization,
        due_date=due_date,
        is_public=is_public,
    )
    _log(by, "action_added", project, {"item": item.pk, "title": title, "owner": item.owner_name})
    return item


@transaction.atomic
def update_action_item(
    item: ActionItem, *, by: Any, status: str | None = None, note: str = ""
) -> ActionItem:
    """Its owner (person or partner organization) or the project's officers change the status
    and add a progress note."""
    if not permissions.can_update_action_item(by, item):
        raise PermissionDenied(_("Only the owner of this action item can update it."))
    note = (note or "").strip()
    if status is None and not note:
        raise ValidationError({"note": _("Change the status or write a progress note.")})
    if status is not None and status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep it under %(n)s characters.") % {"n": 2000}})
    data: dict[str, Any] = {"item": item.pk}
    if status is not None and status != item.status:
        data.update(old=item.status, status=status)
        item.status = status
    if note:
        ProgressNote.objects.create(item=item, author=by, text=note)
        data["note"] = True
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "updated_at"])
    _log(by, "action_updated", item.project, data)
    return item


def _comparison_q(project: Project, comparison_area: Any) -> tuple[Any, str]:
    areas = list(project.areas.all())
    if comparison_area is not None:
        return queries.area_q([comparison_area]), comparison_area.name
    districts = queries.districts_of(areas)
    if not districts:
        raise ValidationError({"comparison_area": _("Choose a comparison area.")})
    where = queries.area_q(districts) & ~queries.area_q(areas)
    return where, _("the rest of %(d)s") % {"d": ", ".join(d.name for d in districts)}


@transaction.atomic
def run_assessment(
    project: Project,
    *,
    by: Any,
    before_start: dt.date,
    before_end: dt.date,
    after_start: dt.date,
    after_end: dt.date,
    comparison_area: Any = None,
) -> Assessment:
    """Count incidents (of the project's linked categories, or all) and concerns in the
    project area and the comparison area before and after, and store the
    difference-in-differences figures with their reading."""
    _manage(by, project)
    if before_end < before_start:
        raise ValidationError({"before_end": _("The end date is before the start date.")})
    if after_end < after_start:
        raise ValidationError({"after_end": _("The end date is before the start date.")})
    if after_start <= before_end:
        raise ValidationError(
            {"after_start": _("The after period must start after the before period.")}
        )
    areas = list(project.areas.all())
    if comparison_area is not None and comparison_area in areas:
        raise ValidationError({"comparison_area": _("Compare with an area outside the project.")})
    here = queries.area_q(areas)
    there, there_name = _comparison_q(project, comparison_area)
    days_b = (before_end - before_start).days + 1
    days_a = (after_end - after_start).days + 1
    cats = queries.incident_categories(project)
    figures: dict[str, Any] = {
        "comparison": there_name,
        "days_before": days_b,
        "days_after": days_a,
    }
    for unit, count in (
        ("incidents", lambda w, s, e: queries.count_incidents(w, s, e, cats)),
        ("concerns", queries.count_concerns),
    ):
        result = difference_in_differences(
            count(here, before_start, before_end),
            count(here, after_start, after_end),
            count(there, before_start, before_end),
            count(there, after_start, after_end),
            # Rates per after period: the before count is scaled to the after period's length.
            days_before=days_b / days_a,
            days_after=1,
            unit=unit,
        )
        figures[unit] = result.as_dict()
    assessment = Assessment.objects.create(
        project=project,
        before_start=before_start,
        before_end=before_end,
        after_start=after_start,
        after_end=after_end,
        comparison_area=comparison_area,
        figures=figures,
        created_by=by,
    )
    _log(
        by,
        "assessed",
        project,
        {
            "assessment": assessment.pk,
            "incidents_verdict": figures["incidents"]["verdict"],
            "concerns_verdict": figures["concerns"]["verdict"],
        },
    )
    return assessment


@transaction.atomic
def record_conclusion(
    assessment: Assessment, *, conclusion: str, next_step: str, by: Any, notes: str = ""
) -> Assessment:
    """The team's conclusion and next step. Closing moves the project to closed; re-analysis
    back to analysis; adjusting back to response."""
    project = assessment.project
    _manage(by, project)
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose a conclusion.")})
    if next_step not in NextStep.values:
        raise ValidationError({"next_step": _("Choose what to do next.")})
    assessment.conclusion, assessment.next_step = conclusion, next_step
    assessment.notes = (notes or "").strip()[:4000]
    assessment.save(update_fields=["conclusion", "next_step", "notes"])
    stage = {
        NextStep.CLOSE: Stage.CLOSED,
        NextStep.ADJUST: Stage.RESPONSE,
        NextStep.REANALYZE: Stage.ANALYSIS,
    }[NextStep(next_step)]
    project.stage, project.updated_at = stage, timezone.now()
    project.save(update_fields=["stage", "updated_at"])
    _log(
        by,
        "concluded",
        project,
        {
            "assessment": assessment.pk,
            "conclusion": conclusion,
            "next_step": next_step,
            "stage": stage,
        },
    )
    return assessment


# --- Reminders --------------------------------------------------------------------------


def _recipients(item: ActionItem) -> list[str]:
    if item.owner_user is not None:
        return [item.owner_user.email] if item.owner_user.is_active else []
    org = item.owner_organization
    if org is not None:
        emails = list(org.members.filter(is_active=True).values_list("email", flat=True))
        if org.contact_email:
            emails.append(org.contact_email)
        return sorted(set(emails))
    return []


def _remind(item: ActionItem, kind: str) -> None:
    to = _recipients(item)
    if not to:
        return
    if kind == "due":
        subject = _("Due soon: %(title)s") % {"title": item.title}
        body = _("The action item “%(title)s” of the project “%(project)s” is due on %(due)s.")
    else:
        subject = _("Overdue: %(title)s") % {"title": item.title}
        body = _("The action item “%(title)s” of the project “%(project)s” was due on %(due)s.")
    body = body % {"title": item.title, "project": item.project.title, "due": item.due_date}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def send_action_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Remind owners of open action items due within the next days, and once more when an
    item is overdue: each at most once per item (the stamp is claimed by a conditional
    UPDATE before sending, so overlapping runs never send twice)."""
    today = today or timezone.localdate()
    days = settings.BEATBRIDGE_PROJECT_REMINDER_DAYS
    now = timezone.now()
    sent = {"due": 0, "overdue": 0}
    open_items = ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES, due_date__isnull=False)
    overdue = open_items.filter(due_date__lt=today, overdue_sent_at__isnull=True)
    due = open_items.filter(
        Q(due_date__gte=today) & Q(due_date__lte=today + dt.timedelta(days=days)),
        reminder_sent_at__isnull=True,
    )
    for kind, qs, stamp in (
        ("overdue", overdue, "overdue_sent_at"),
        ("due", due, "reminder_sent_at"),
    ):
        for pk in list(qs.values_list("pk", flat=True)):
            if ActionItem.objects.filter(pk=pk, **{f"{stamp}__isnull": True}).update(
                **{stamp: now}
            ):
                item = ActionItem.objects.select_related(
                    "project", "owner_user", "owner_organization"
                ).get(pk=pk)
                _remind(item, kind)
                sent[kind] += 1
    return sent
