"""Needs assessment per neighborhood: what residents raise, what surveys say, how crime and
the population changed, what changed since last time, and a suggestion for the agenda."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.areas.models import Area, AreaKind

from .. import conf, permissions, providers
from ..models import NeedsAssessment, PopulationTable, TrendAlert
from .common import UNCOUNTED_CONCERN_STATUSES

QUARTER = dt.timedelta(days=91)


def _top_concerns(area: Area, since: dt.datetime, until: dt.datetime) -> list[dict[str, Any]]:
    from beatbridge.concerns.models import Concern

    rows = (
        Concern.objects.filter(neighborhood=area, created_at__gte=since, created_at__lt=until)
        .exclude(status__in=UNCOUNTED_CONCERN_STATUSES)
        .values_list("category__code", "category__name_en")
        .annotate(n=Count("id"))
        .order_by("-n", "category__code")
    )
    return [{"code": c, "category": name, "count": n} for c, name, n in rows][
        : int(conf.get("NEEDS_TOP_CONCERNS"))
    ]


def _incidents(area: Area, since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    from beatbridge.data.models import Incident

    def counts(a: dt.datetime, b: dt.datetime) -> Counter[str]:
        rows = (
            Incident.objects.filter(neighborhood=area, occurred_at__gte=a, occurred_at__lt=b)
            .values_list("category__name_en")
            .annotate(n=Count("id"))
            .order_by()
        )
        return Counter({name or "-": n for name, n in rows})

    now = counts(since, until)
    year = dt.timedelta(days=364)  # 52 weeks: same weekdays
    before = counts(since - year, until - year)
    top = [
        {"category": c, "count": n, "last_year": before.get(c, 0)} for c, n in now.most_common(5)
    ]
    alerts = [
        {
            "category": a.category.name_en if a.category else _("All offenses"),
            "direction": a.direction,
            "ratio": round(a.ratio, 2) if a.ratio is not None else None,
            "since": a.since_month,
        }
        for a in TrendAlert.objects.filter(area=area).select_related("category")
    ]
    return {
        "total": sum(now.values()),
        "last_year": sum(before.values()),
        "top": top,
        "trend_alerts": alerts,
    }


def _demographics(area: Area) -> dict[str, Any]:
    tables = list(PopulationTable.objects.filter(area=area).order_by("-year")[:2])
    if not tables:
        return {"latest": None, "previous": None}

    def as_dict(t: PopulationTable) -> dict[str, Any]:
        return {"year": t.year, "total": t.total, "groups": t.groups}

    latest = as_dict(tables[0])
    previous = as_dict(tables[1]) if len(tables) > 1 else None
    out: dict[str, Any] = {"latest": latest, "previous": previous, "shifts": []}
    if previous and previous["total"]:
        out["total_change"] = (latest["total"] - previous["total"]) / previous["total"]
        for group, value in (latest["groups"] or {}).items():
            old = (previous["groups"] or {}).get(group)
            if isinstance(value, int | float) and isinstance(old, int | float):
                share_now = value / latest["total"] if latest["total"] else 0
                share_then = old / previous["total"]
                if abs(share_now - share_then) >= 0.03:
                    out["shifts"].append(
                        {"group": group, "then": round(share_then, 3), "now": round(share_now, 3)}
                    )
    return out


def _changes(findings: dict[str, Any], previous: NeedsAssessment | None) -> list[str]:
    """Plain-language statements of what changed since the last assessment."""
    changes: list[str] = []
    threshold = float(conf.get("NEEDS_CHANGE_SHARE"))
    old = previous.findings if previous else {}
    old_top = {c["code"] for c in old.get("concerns", [])}
    for c in findings["concerns"][:3]:
        if previous and c["code"] not in old_top:
            changes.append(_("New among residents' top concerns: %(c)s.") % {"c": c["category"]})
    inc = findings["incidents"]
    if inc["last_year"] and abs(inc["total"] - inc["last_year"]) / inc["last_year"] >= threshold:
        changes.append(
            _("Incidents this quarter: %(n)s, against %(m)s in the same weeks last year.")
            % {"n": inc["total"], "m": inc["last_year"]}
        )
    for a in inc["trend_alerts"]:
        changes.append(
            _("Significant trend %(d)s for %(c)s (×%(r)s).")
            % {"d": a["direction"], "c": a["category"], "r": a["ratio"] or "∞"}
        )
    demo = findings["demographics"]
    if demo.get("total_change") is not None and abs(demo["total_change"]) >= 0.05:
        changes.append(
            _("Population changed by %(p)s%% between %(a)s and %(b)s.")
            % {
                "p": round(demo["total_change"] * 100),
                "a": demo["previous"]["year"],
                "b": demo["latest"]["year"],
            }
        )
    for shift in demo.get("shifts", []):
        changes.append(
            _("Share of %(g)s went from %(a)s%% to %(b)s%%.")
            % {"g": shift["group"], "a": round(shift["then"] * 100), "b": round(shift["now"] * 100)}
        )
    if findings["survey_issues"] and previous and not old.get("survey_issues"):
        changes.append(_("Survey results are available for the first time."))
    return changes


def _pct(new: float, old: float) -> int:
    return round((new - old) / old * 100)


def _suggestions(
    findings: dict[str, Any], previous: NeedsAssessment | None
) -> tuple[list[str], bool]:
    """What to do about the findings, each with the figure that triggered it, and whether
    any of them asks to revisit the priorities (a fall in incidents asks for a report-back,
    not for new priorities). No trigger, no suggestion."""
    out: list[str] = []
    revisit = False
    threshold = float(conf.get("NEEDS_CHANGE_SHARE"))
    top = findings["concerns"][:3]
    if previous is None:
        if top:
            listed = ", ".join(f"{c['category']} ({c['count']})" for c in top)
            out.append(
                _(
                    "Suggestion: revisit the neighborhood's priorities at the next beat "
                    "meeting against residents' top concerns this quarter: %(top)s."
                )
                % {"top": listed}
            )
            revisit = True
    else:
        old_top = {c["code"] for c in previous.findings.get("concerns", [])}
        for c in top:
            if c["code"] not in old_top:
                out.append(
                    _(
                        "Suggestion: revisit the priorities — %(c)s is new among residents' "
                        "top concerns (%(n)s concerns this quarter)."
                    )
                    % {"c": c["category"], "n": c["count"]}
                )
                revisit = True
    inc = findings["incidents"]
    n, m = inc["total"], inc["last_year"]
    if m and abs(n - m) / m >= threshold:
        if n > m:
            out.append(
                _(
                    "Suggestion: revisit the priorities — incidents rose from %(m)s to %(n)s "
                    "(+%(p)s%%) against the same weeks last year."
                )
                % {"m": m, "n": n, "p": _pct(n, m)}
            )
            revisit = True
        else:
            out.append(
                _(
                    "Suggestion: report back at the next beat meeting — incidents fell from "
                    "%(m)s to %(n)s (%(p)s%%) against the same weeks last year; say what "
                    "worked."
                )
                % {"m": m, "n": n, "p": _pct(n, m)}
            )
    for a in inc["trend_alerts"]:
        if a["direction"] == "up":
            out.append(
                _(
                    "Suggestion: revisit the priorities — %(c)s is rising significantly "
                    "(×%(r)s the usual monthly level)."
                )
                % {"c": a["category"], "r": a["ratio"] or "∞"}
            )
            revisit = True
    demo = findings["demographics"]
    if previous is None or not previous.findings.get("demographics", {}).get("previous"):
        shifts = demo.get("shifts", [])
        change = demo.get("total_change")
    else:
        old_demo = previous.findings.get("demographics", {})
        same = (old_demo.get("latest") or {}).get("year") == (demo.get("latest") or {}).get("year")
        shifts = [] if same else demo.get("shifts", [])
        change = None if same else demo.get("total_change")
    if change is not None and abs(change) >= 0.05:
        out.append(
            _(
                "Suggestion: check that meetings and outreach still reach the neighborhood — "
                "the population changed by %(p)s%%."
            )
            % {"p": round(change * 100)}
        )
    for shift in shifts:
        out.append(
            _(
                "Suggestion: reach out to %(g)s — their share of residents went from %(a)s%% "
                "to %(b)s%%."
            )
            % {"g": shift["group"], "a": round(shift["then"] * 100), "b": round(shift["now"] * 100)}
        )
    return out, revisit


def next_beat_meeting(area: Area):
    """The next scheduled beat meeting of the neighborhood or of a beat serving it."""
    from beatbridge.areas.queries import beats_serving
    from beatbridge.meetings.models import Meeting, MeetingKind

    areas = [area, *beats_serving(area)]
    return (
        Meeting.objects.scheduled()
        .upcoming()
        .filter(kind=MeetingKind.BEAT_MEETING, starts_at__gt=timezone.now())
        .for_areas(areas)
        .order_by("starts_at")
        .first()
    )


def _propose(meeting, title: str, details: str, by: Any):
    """Put the suggestion on the meeting's agenda as a proposal for the officers to accept.

    Uses the meetings app's verb when a signed-in person asked for the assessment. The
    scheduled (quarterly) run has no person: the proposal is then filed by the system.
    """
    from beatbridge.meetings import permissions as meeting_permissions
    from beatbridge.meetings.services import propose_agenda_item

    title = title[:200]
    if by is not None and meeting_permissions.can_propose_agenda_item(by, meeting):
        return propose_agenda_item(meeting, title=title, details=details, by=by)
    return propose_agenda_item(
        meeting, title=title, details=details, by=by, on_behalf_of="needs assessment"
    )


def run_needs_assessment(
    area: Area, *, by: Any = None, now: dt.datetime | None = None
) -> NeedsAssessment:
    """Assess a neighborhood's needs over the last quarter and suggest revisiting priorities.

    ``by`` is the person who asked (None for the quarterly schedule).
    """
    if by is not None and not permissions.can_run_needs_assessment(by, area):
        raise PermissionDenied(_("You may not run needs assessments."))
    if area.kind != AreaKind.NEIGHBORHOOD:
        raise ValidationError({"area": _("Needs are assessed per neighborhood.")})
    until = now or timezone.now()
    since = until - QUARTER
    previous = NeedsAssessment.objects.filter(area=area).order_by("-created_at", "-pk").first()
    findings: dict[str, Any] = {
        "concerns": _top_concerns(area, since, until),
        "survey_issues": providers.survey_issues(area),
        "incidents": _incidents(area, since, until),
        "demographics": _demographics(area),
    }
    changes = _changes(findings, previous)
    if previous is None:
        lead = _("First needs assessment for %(area)s.") % {"area": area}
    elif changes:
        lead = _("Since the last assessment (%(date)s):") % {
            "date": date_format(timezone.localtime(previous.created_at).date(), "DATE_FORMAT")
        }
    else:
        lead = ""
    suggestions, revisit = _suggestions(findings, previous)
    suggestion = ""
    if suggestions:
        suggestion = "\n".join([lead, *[f"- {c}" for c in changes], *suggestions]).strip()
    with transaction.atomic():
        assessment = NeedsAssessment.objects.create(
            area=area,
            created_by=by,
            period_start=since,
            period_end=until,
            findings=findings,
            changes=changes,
            suggestion=suggestion,
        )
        if suggestion:
            meeting = next_beat_meeting(area)
            if meeting is not None:
                if revisit:
                    title = _("Revisit priorities: needs assessment for %(area)s") % {"area": area}
                else:
                    title = _("Needs assessment for %(area)s: report back") % {"area": area}
                assessment.meeting = meeting
                assessment.proposal = _propose(meeting, title, suggestion, by)
                assessment.save(update_fields=["meeting", "proposal"])
        record_activity(
            by, "analysis.needs_assessed", assessment, {"changes": len(changes), "area": area.pk}
        )
    return assessment


def run_all_needs_assessments(*, by: Any = None) -> list[NeedsAssessment]:
    return [
        run_needs_assessment(area, by=by)
        for area in Area.objects.filter(kind=AreaKind.NEIGHBORHOOD).order_by("code")
    ]


def import_population_csv(text: str, *, by: Any) -> int:
    """Load population tables from CSV: ``area_code,year,total`` and optional group columns
    (any further column is a group count, e.g. ``age_0_17,age_65_plus,spanish_speakers``).
    Rows replace the table of the same neighborhood and year. Returns the rows loaded."""
    import csv
    import io

    if not permissions.can_upload_population(by):
        raise PermissionDenied(_("Only administrators upload population tables."))
    reader = csv.DictReader(io.StringIO(text))
    required = {"area_code", "year", "total"}
    if not reader.fieldnames or not required <= set(reader.fieldnames):
        raise ValidationError({"file": _("The CSV needs the columns area_code, year and total.")})
    areas = {a.code: a for a in Area.objects.filter(kind=AreaKind.NEIGHBORHOOD)}
    parsed, errors = [], []
    for line, row in enumerate(reader, start=2):
        area = areas.get((row.get("area_code") or "").strip())
        try:
            year, total = int(row["year"]), int(row["total"])
            groups = {
                k: int(v) for k, v in row.items() if k not in required and k and (v or "").strip()
            }
        except (TypeError, ValueError):
            errors.append(
                _("Line %(n)s: year, total and groups must be whole numbers.") % {"n": line}
            )
            continue
        if area is None:
            errors.append(
                _("Line %(n)s: no neighborhood with code %(c)s.")
                % {"n": line, "c": row.get("area_code")}
            )
            continue
        if not 1900 <= year <= 2200 or total < 0:
            errors.append(_("Line %(n)s: implausible year or total.") % {"n": line})
            continue
        parsed.append((area, year, total, groups))
    if errors:
        raise ValidationError({"file": errors[:10]})
    if not parsed:
        raise ValidationError({"file": _("The file has no rows.")})
    with transaction.atomic():
        for area, year, total, groups in parsed:
            PopulationTable.objects.update_or_create(
                area=area,
                year=year,
                defaults={
                    "total": total,
                    "groups": groups,
                    "uploaded_by": by,
                    "uploaded_at": timezone.now(),
                },
            )
        record_activity(by, "analysis.population_uploaded", None, {"rows": len(parsed)})
    return len(parsed)
