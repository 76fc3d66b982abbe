"""The enforcement-balance monitor: monthly series per neighborhood, the wedge-risk rule
(insights.balance.wedge_risk), alerts to supervisors and their recorded responses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.areas.models import Area, AreaKind
from beatbridge.core import jobs
from beatbridge.insights.balance import WedgeRisk, wedge_risk

from .. import conf, permissions, providers
from ..models import PopulationTable, WedgeAlert, WedgeResponse
from .common import (
    AREA_FIELDS,
    UNCOUNTED_CONCERN_STATUSES,
    last_complete_month,
    month_add,
    month_of,
    month_range,
    month_start,
)


def population_by_year(area: Area) -> dict[int, int]:
    return dict(PopulationTable.objects.filter(area=area).values_list("year", "total"))


def monthly_population(area: Area, months: list[int]) -> list[float | None]:
    """Residents per month: the uploaded table of that year (or the closest earlier one),
    else the area's population; None when unknown."""
    tables = sorted(population_by_year(area).items())
    out: list[float | None] = []
    for m in months:
        year = m // 100
        earlier = [total for y, total in tables if y <= year]
        value = earlier[-1] if earlier else (tables[0][1] if tables else area.population)
        out.append(float(value) if value else None)
    return out


def concern_categories() -> list[str]:
    return list(conf.concern_offenses())


def balance_series(area: Area, *, today: dt.date | None = None) -> dict[str, Any]:
    """The monitor's monthly figures for a neighborhood (or beat), oldest month first."""
    return balance_series_many([area], today=today)[area.pk]


def balance_series_many(areas: list[Area], *, today: dt.date | None = None) -> dict[int, dict]:
    """:func:`balance_series` for many areas of one kind, with a handful of grouped queries."""
    from beatbridge.concerns.models import Concern
    from beatbridge.data.models import EnforcementAction, EngagementActivity

    if not areas:
        return {}
    kind = areas[0].kind
    if any(a.kind != kind for a in areas) or kind not in AREA_FIELDS:
        raise ValueError("areas must be of one kind: neighborhood, beat or district")
    field = AREA_FIELDS[kind]
    ids = [a.pk for a in areas]
    last = last_complete_month(today)
    months = month_range(month_add(last, -int(conf.get("BALANCE_MONTHS")) + 1), last)
    col = {m: j for j, m in enumerate(months)}
    start, end = month_start(months[0]), month_start(month_add(last, 1))

    minor: dict[int, list[float]] = {i: [0.0] * len(months) for i in ids}
    serious: dict[int, list[float]] = {i: [0.0] * len(months) for i in ids}
    synthetic: set[int] = set()
    rows = (
        EnforcementAction.objects.filter(
            **{f"{field}_id__in": ids}, local_month__gte=months[0], local_month__lte=last
        )
        .values_list(f"{field}_id", "local_month", "is_minor", "is_synthetic")
        .annotate(n=Count("id"))
        .order_by()
    )
    for area_id, month, is_minor, is_synthetic, n in rows:
        if month in col:
            (minor if is_minor else serious)[area_id][col[month]] += n
        if is_synthetic:
            synthetic.add(area_id)

    hours: dict[int, list[float]] = {i: [0.0] * len(months) for i in ids}
    parents = dict(Area.objects.filter(parent_id__in=ids).values_list("pk", "parent_id"))
    for area_id, when, minutes in EngagementActivity.objects.filter(
        Q(area_id__in=ids) | Q(area__parent_id__in=ids), started_at__gte=start, started_at__lt=end
    ).values_list("area_id", "started_at", "minutes"):
        target = area_id if area_id in hours else parents.get(area_id)
        m = month_of(timezone.localtime(when).date())
        if target in hours and m in col:
            hours[target][col[m]] += minutes / 60

    # Concerns about the enforced offenses, and all concerns: an area where nobody raised
    # anything has no concern data, which is not the same as residents not asking.
    concerns: dict[int, list[float]] = {i: [0.0] * len(months) for i in ids}
    all_concerns: dict[int, list[float]] = {i: [0.0] * len(months) for i in ids}
    asked = set(concern_categories())
    for area_id, when, code in (
        Concern.objects.filter(
            **{f"{field}_id__in": ids},
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(status__in=UNCOUNTED_CONCERN_STATUSES)
        .values_list(f"{field}_id", "created_at", "category__code")
    ):
        m = month_of(timezone.localtime(when).date())
        if m in col:
            all_concerns[area_id][col[m]] += 1
            if code in asked:
                concerns[area_id][col[m]] += 1

    # Months before the first enforcement record anywhere are unknown, not zero: a baseline
    # of empty months would make any enforcement look like a rise.
    first = EnforcementAction.objects.aggregate(m=Min("local_month"))["m"]
    unknown = [first is None or m < first for m in months]
    for table in (minor, serious):
        for values in table.values():
            for j, is_unknown in enumerate(unknown):
                if is_unknown:
                    values[j] = math.nan

    out = {}
    for area in areas:
        population = monthly_population(area, months)

        def per_1000(counts: list[float], population=population) -> list[float | None]:
            return [
                c / p * 1000 if p and not math.isnan(c) else None
                for c, p in zip(counts, population, strict=True)
            ]

        out[area.pk] = {
            "area": area,
            "months": months,
            "population": population,
            "has_population": all(p for p in population),
            "minor": minor[area.pk],
            "serious": serious[area.pk],
            "minor_rate": per_1000(minor[area.pk]),
            "serious_rate": per_1000(serious[area.pk]),
            "engagement_hours": [round(h, 1) for h in hours[area.pk]],
            "concerns": concerns[area.pk],
            "all_concerns": all_concerns[area.pk],
            "trust": providers.trust_scores(area, months),
            "has_trust_provider": providers.has_trust_provider(),
            "is_synthetic": area.pk in synthetic,
        }
    return out


def evaluate(series: dict[str, Any]) -> WedgeRisk:
    """Apply the wedge-risk rule to a :func:`balance_series`."""
    th = conf.wedge_thresholds()
    if series["has_population"]:
        minor = series["minor_rate"]
        serious = series["serious_rate"]
        population: Any = [float(p) for p in series["population"]]
    else:  # counts and a z-test against the area's own month-to-month spread
        minor, serious, population = series["minor"], series["serious"], None
    return wedge_risk(
        np.asarray(minor, dtype=float),
        np.asarray(series["trust"], dtype=float),
        np.asarray(series["concerns"], dtype=float),
        th,
        population=population,
        serious_rate_series=np.asarray(serious, dtype=float),
        engagement_series=np.asarray(series["engagement_hours"], dtype=float),
        concern_activity_series=np.asarray(series["all_concerns"], dtype=float),
    )


def risk_figures(risk: WedgeRisk) -> dict[str, Any]:
    def clean(v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v

    return {k: clean(v) for k, v in dataclasses.asdict(risk).items()}


def _notify(alert: WedgeAlert) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("analysis:balance_area", args=[alert.area.code])
    subject = _("Wedge risk: %(area)s") % {"area": alert.area}
    body = "\n".join(
        [
            _("The enforcement-balance monitor flagged %(area)s for %(month)s.")
            % {"area": alert.area, "month": alert.month_label()},
            _("Reasons: %(r)s") % {"r": "; ".join(alert.reason_labels())},
            _("Synthetic data.") if alert.is_synthetic else "",
            _("See the figures and record what was done: %(url)s") % {"url": url},
        ]
    ).strip()

    def send_later(to: str) -> None:
        jobs.enqueue_on_commit("beatbridge.analysis.tasks.send_email", subject, body, to)

    recipients = permissions.wedge_alert_recipients()
    for email in recipients.exclude(email="").values_list("email", flat=True):
        send_later(email)


def check_area(
    area: Area, *, today: dt.date | None = None, series: dict[str, Any] | None = None
) -> tuple[WedgeRisk, WedgeAlert | None]:
    """Evaluate one area; open (and announce) an alert if it is newly flagged.

    An area that stays flagged month after month keeps its open alert (figures updated), so
    supervisors are told once per episode, not every month.
    """
    series = series or balance_series(area, today=today)
    risk = evaluate(series)
    if not risk.flag:
        return risk, None
    month = series["months"][-1]
    recent = conf.wedge_thresholds().recent_months
    with transaction.atomic():
        alert = (
            WedgeAlert.objects.select_for_update()
            .filter(area=area, month__gte=month_add(month, -recent))
            .order_by("-month")
            .first()
        )
        figures = risk_figures(risk)
        if alert is not None:
            alert.figures, alert.reasons = figures, risk.reasons
            alert.is_synthetic = series["is_synthetic"]
            alert.save(update_fields=["figures", "reasons", "is_synthetic"])
            return risk, alert
        alert = WedgeAlert.objects.create(
            area=area,
            month=month,
            reasons=risk.reasons,
            figures=figures,
            is_synthetic=series["is_synthetic"],
            notified_at=timezone.now(),
        )
        record_activity(None, "analysis.wedge_alert_opened", alert, {"reasons": risk.reasons})
        _notify(alert)
    return risk, alert


def refresh_wedge_alerts(*, today: dt.date | None = None) -> list[WedgeAlert]:
    alerts = []
    areas = list(Area.objects.filter(kind=AreaKind.NEIGHBORHOOD).order_by("code"))
    all_series = balance_series_many(areas, today=today)
    for area in areas:
        _risk, alert = check_area(area, today=today, series=all_series[area.pk])
        if alert is not None:
            alerts.append(alert)
    return alerts


def record_wedge_response(alert: WedgeAlert, *, action: str, by: Any) -> WedgeResponse:
    """A supervisor records what was done about a wedge-risk alert."""
    if not permissions.can_record_wedge_response(by, alert):
        raise PermissionDenied(_("Only supervisors record responses to wedge-risk alerts."))
    action = (action or "").strip()
    if not action:
        raise ValidationError({"action": _("Say what was done.")})
    if len(action) > 4000:
        raise ValidationError({"action": _("Keep it under 4000 characters.")})
    with transaction.atomic():
        response = WedgeResponse.objects.create(alert=alert, by=by, action=action)
        record_activity(by, "analysis.wedge_response_recorded", alert, {"response": response.pk})
    return response


def balance_overview(user: Any, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per neighborhood the user may see: latest rates, flag, open alert."""
    qs = Area.objects.filter(kind=AreaKind.NEIGHBORHOOD).order_by("name")
    if not permissions.can_view_all_balance(user):
        qs = qs.filter(pk__in=permissions.officer_area_ids(user))
    areas = list(qs)
    all_series = balance_series_many(areas, today=today)
    latest_alerts: dict[int, WedgeAlert] = {}
    for alert in WedgeAlert.objects.filter(area__in=areas).prefetch_related("responses"):
        latest_alerts.setdefault(alert.area_id, alert)
    rows = []
    for area in areas:
        series = all_series[area.pk]
        risk = evaluate(series)
        rows.append(
            {
                "area": area,
                "risk": risk,
                "series": series,
                "minor_last": series["minor"][-1],
                "alert": latest_alerts.get(area.pk),
            }
        )
    # Flagged first, then those with an alert on record, then by name.
    rows.sort(key=lambda r: (not r["risk"].flag, r["alert"] is None, r["area"].name))
    return rows
