"""Build a beat meeting's agenda from real data, in the order a good beat meeting runs.

welcome → report-back on each current priority → crime conditions since the last meeting
(incident counts by category when the data app has incidents, and concern counts) → new
concerns since last time, ranked by supports → residents' accepted items → choose
priorities → assign responsibilities → next meeting date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beatbridge.core import meeting_parts

from .models import AgendaSection, Meeting, ProposalStatus

NEW_CONCERNS_SHOWN = 10
DEFAULT_PERIOD_DAYS = 30

_AREA_FIELD = {"beat": "beat", "neighborhood": "neighborhood", "district": "district"}


def incident_model():
    """The data app's Incident model, or None when it is not installed or not built yet."""
    if not apps.is_installed("beatbridge.data"):
        return None
    try:
        return apps.get_model("data", "Incident")
    except LookupError:
        return None


def _category_label(obj: Any) -> str:
    if obj is None:
        return _("Uncategorized")
    return str(getattr(obj, "name", None) or obj)


def incident_counts(area, since: dt.datetime, until: dt.datetime) -> list[dict] | None:
    """[{category, count}] for the area and period, or None when there are no incident data."""
    model = incident_model()
    field = _AREA_FIELD.get(getattr(area, "kind", ""), "")
    if model is None or area is None or not field:
        return None
    try:
        model._meta.get_field(field)
        rows = (
            model.objects.filter(**{field: area}, occurred_at__gte=since, occurred_at__lt=until)
            .values("category_id")
            .annotate(n=Count("pk"))
        )
        rows = list(rows)
        category_model = model._meta.get_field("category").related_model
        names = {
            c.pk: c
            for c in category_model.objects.filter(
                pk__in=[r["category_id"] for r in rows if r["category_id"]]
            )
        }
    except Exception:  # noqa: BLE001 - the data app is optional; a schema mismatch means no data
        return None
    counter: Counter[str] = Counter()
    for r in rows:
        counter[_category_label(names.get(r["category_id"]))] += r["n"]
    return [{"category": c, "count": n} for c, n in counter.most_common()]


def _concerns_in(area):
    from beatbridge.concerns.models import Concern

    field = _AREA_FIELD.get(getattr(area, "kind", ""), "")
    if not field:
        return Concern.objects.none()
    return Concern.objects.public().filter(**{field: area})


def concern_counts(area, since: dt.datetime, until: dt.datetime) -> list[dict]:
    rows = (
        _concerns_in(area)
        .filter(created_at__gte=since, created_at__lt=until)
        .select_related("category")
    )
    counter: Counter[str] = Counter(_category_label(c.category) for c in rows)
    return [{"category": c, "count": n} for c, n in counter.most_common()]


def new_concerns(area, since: dt.datetime, until: dt.datetime) -> list[dict]:
    rows = (
        _concerns_in(area)
        .filter(created_at__gte=since, created_at__lt=until)
        .select_related("category")
        .order_by("-support_count", "-created_at")[:NEW_CONCERNS_SHOWN]
    )
    return [
        {
            "id": c.pk,
            "category": _category_label(c.category),
            "description": c.description[:200],
            "supports": c.support_count,
            "status": c.status,
            "address": c.address,
        }
        for c in rows
    ]


def agenda_period(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    from .services.schedule import previous_meeting_before

    previous = previous_meeting_before(meeting)
    until = min(meeting.starts_at, timezone.now())
    since = (
        previous.starts_at
        if previous
        else meeting.starts_at - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    )
    return since, max(until, since)


def _current_priorities(area) -> list:
    return meeting_parts.area_list("current_priorities", area)


def _proposed_priorities(area) -> list:
    return meeting_parts.area_list("proposed_priorities", area)


def build_items(meeting: Meeting) -> tuple[list[dict], dt.datetime, dt.datetime]:
    """The generated agenda items (dicts of section/title/body/data) and the period covered."""
    from .services.schedule import next_meeting_after

    area = meeting.primary_area()
    since, until = agenda_period(meeting)
    period = _("since %(date)s") % {"date": date_format(timezone.localtime(since), "DATE_FORMAT")}
    items: list[dict] = [
        {
            "section": AgendaSection.WELCOME,
            "title": _("Welcome and introductions"),
            "body": _("Officers and residents introduce themselves; sign-in sheet goes round."),
            "data": {},
        }
    ]
    current = _current_priorities(area)
    for priority in current:
        latest = priority.latest_report_back()
        items.append(
            {
                "section": AgendaSection.REPORT_BACK,
                "title": _("Report-back: %(title)s") % {"title": priority.title},
                "body": _("What was done, by whom, and is it better?"),
                "data": {
                    "priority_id": priority.pk,
                    "status": priority.status,
                    "officer_owner": str(priority.officer_owner or ""),
                    "resident_contact": (
                        priority.resident_contact.public_name if priority.resident_contact else ""
                    ),
                    "last_report_back": (
                        {
                            "what_was_done": latest.what_was_done,
                            "done_by": latest.done_by,
                            "outcome": latest.outcome,
                            "date": timezone.localtime(latest.created_at).date().isoformat(),
                        }
                        if latest
                        else None
                    ),
                },
            }
        )
    incidents = incident_counts(area, since, until)
    concerns = concern_counts(area, since, until)
    crime_body = []
    n_incidents = sum(r["count"] for r in incidents or [])
    n_concerns = sum(r["count"] for r in concerns)
    if incidents is None:
        crime_body.append(_("Incident data are not available for this area."))
    else:
        crime_body.append(
            ngettext("%(n)s incident %(period)s.", "%(n)s incidents %(period)s.", n_incidents)
            % {"n": n_incidents, "period": period}
        )
    crime_body.append(
        ngettext(
            "%(n)s concern raised %(period)s.", "%(n)s concerns raised %(period)s.", n_concerns
        )
        % {"n": n_concerns, "period": period}
    )
    items.append(
        {
            "section": AgendaSection.CRIME,
            "title": _("Crime conditions since the last meeting"),
            "body": " ".join(crime_body),
            "data": {
                "since": since.isoformat(),
                "until": until.isoformat(),
                "incidents": incidents,
                "concerns": concerns,
            },
        }
    )
    fresh = new_concerns(area, since, until)
    items.append(
        {
            "section": AgendaSection.NEW_CONCERNS,
            "title": _("New concerns raised since last time"),
            "body": (
                _("Ranked by how many neighbors support each.")
                if fresh
                else _("No new concerns were raised.")
            ),
            "data": {"concerns": fresh},
        }
    )
    for proposal in meeting.proposals.filter(status=ProposalStatus.ACCEPTED):
        items.append(
            {
                "section": AgendaSection.RESIDENT_ITEM,
                "title": proposal.title,
                "body": proposal.details,
                "data": {"proposal_id": proposal.pk},
            }
        )
    proposed = _proposed_priorities(area)
    items.append(
        {
            "section": AgendaSection.CHOOSE_PRIORITIES,
            "title": _("Choose priorities"),
            "body": _("Confirm, change or drop the priority problems for the next period."),
            "data": {
                "proposed": [
                    {"id": p.pk, "title": p.title, "supports": p.support_count} for p in proposed
                ],
                "current": [{"id": p.pk, "title": p.title} for p in current],
            },
        }
    )
    items.append(
        {
            "section": AgendaSection.RESPONSIBILITIES,
            "title": _("Assign responsibilities"),
            "body": _("Who does what before the next meeting: officers, residents, partners."),
            "data": {},
        }
    )
    nxt = next_meeting_after(meeting)
    items.append(
        {
            "section": AgendaSection.NEXT_MEETING,
            "title": _("Next meeting"),
            "body": (
                date_format(timezone.localtime(nxt.starts_at), "DATETIME_FORMAT")
                if nxt
                else _("To be announced.")
            ),
            "data": {
                "meeting_id": nxt.pk if nxt else None,
                "starts_at": nxt.starts_at.isoformat() if nxt else None,
            },
        }
    )
    return items, since, until
