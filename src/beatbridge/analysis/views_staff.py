"""Staff pages: the trend dashboard, the enforcement-balance monitor, needs assessments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.areas.models import Area, AreaKind

from . import charts, conf, permissions, services
from .forms import PopulationUploadForm, WedgeResponseForm
from .models import NeedsAssessment, PopulationTable, WedgeAlert
from .services.common import month_label


def trends(request):
    if not permissions.can_view_trends(request.user):
        raise PermissionDenied
    alerts = services.trend_alerts_for(request.user)
    mine = permissions.officer_area_ids(request.user)
    wedge_alerts = []
    if permissions.can_view_balance(request.user):
        wedge_alerts = [
            a
            for a in WedgeAlert.objects.select_related("area").prefetch_related("responses")[:20]
            if permissions.can_view_balance(request.user, a.area)
        ]
    return render(
        request,
        "analysis/trends.html",
        {
            "alerts": [
                {"alert": a, "is_mine": a.area_id in mine, "since": month_label(a.since_month)}
                for a in alerts
            ],
            "last_month": month_label(alerts[0].last_month) if alerts else "",
            "computed_at": alerts[0].computed_at if alerts else None,
            "wedge_alerts": wedge_alerts,
            "can_refresh": permissions.can_run_analyses(request.user),
            "alpha": conf.get("TREND_ALPHA"),
            "recent": conf.get("TREND_RECENT_MONTHS"),
            "years": conf.get("TREND_YEARS"),
        },
    )


@require_POST
def trends_refresh(request):
    if not permissions.can_run_analyses(request.user):
        raise PermissionDenied
    alerts = services.refresh_trend_alerts(by=request.user)
    services.refresh_wedge_alerts()
    messages.success(request, _("Trend alerts recomputed: %(n)s.") % {"n": len(alerts)})
    return redirect("analysis:trends")


def balance(request):
    if not permissions.can_view_balance(request.user):
        raise PermissionDenied
    rows = services.balance_overview(request.user)
    return render(
        request,
        "analysis/balance.html",
        {
            "rows": rows,
            "any_synthetic": any(r["series"]["is_synthetic"] for r in rows),
            "thresholds": conf.wedge_thresholds(),
            "open_alerts": [r["alert"] for r in rows if r["alert"] and not r["alert"].has_response],
        },
    )


def _known(value: float) -> float | None:
    return None if value != value else value  # NaN: no records yet


def _balance_context(request, area: Area) -> dict[str, Any]:
    series = services.balance_series(area)
    risk = services.evaluate(series)
    labels = [month_label(m) for m in series["months"]]
    use_rate = series["has_population"]
    panels = [
        (
            _("Minor-offense enforcement per 1,000 residents")
            if use_rate
            else _("Minor-offense enforcement actions"),
            series["minor_rate"] if use_rate else [_known(v) for v in series["minor"]],
            "#a1161b",
        ),
        (
            _("Serious-offense enforcement per 1,000 residents")
            if use_rate
            else _("Serious-offense enforcement actions"),
            series["serious_rate"] if use_rate else [_known(v) for v in series["serious"]],
            "#4a5260",
        ),
        (_("Engagement hours"), series["engagement_hours"], "#1e6b34"),
        (_("Residents' concerns about these offenses"), series["concerns"], "#0b4f8a"),
        (_("Trust score (surveys)"), series["trust"], "#8a4b00"),
    ]
    th = conf.wedge_thresholds()
    svg = charts.cached_svg(
        charts.balance_svg,
        [label[:3] + " " + label[-2:] for label in labels],
        panels,
        _("Enforcement balance in %(area)s, by month") % {"area": area},
        th.recent_months,
    )
    table = [
        {
            "month": labels[i],
            "minor": _known(series["minor"][i]),
            "minor_rate": series["minor_rate"][i],
            "serious": _known(series["serious"][i]),
            "serious_rate": series["serious_rate"][i],
            "engagement": series["engagement_hours"][i],
            "concerns": series["concerns"][i],
            "trust": None if series["trust"][i] != series["trust"][i] else series["trust"][i],
            "is_recent": i >= len(labels) - th.recent_months,
        }
        for i in range(len(labels))
    ][::-1]
    alerts = WedgeAlert.objects.filter(area=area).prefetch_related("responses__by")
    return {
        "area": area,
        "series": series,
        "risk": risk,
        "svg": svg,
        "table": table,
        "thresholds": th,
        "alerts": alerts,
        "can_respond": permissions.can_record_wedge_response(request.user),
        "form": WedgeResponseForm(),
        "concern_categories": conf.concern_offenses(),
    }


def balance_area(request, code: str):
    area = get_object_or_404(Area, kind=AreaKind.NEIGHBORHOOD, code=code)
    if not permissions.can_view_balance(request.user, area):
        raise PermissionDenied
    return render(request, "analysis/balance_area.html", _balance_context(request, area))


@require_POST
def wedge_respond(request, code: str, pk: int):
    area = get_object_or_404(Area, kind=AreaKind.NEIGHBORHOOD, code=code)
    alert = get_object_or_404(WedgeAlert, area=area, pk=pk)
    if not permissions.can_record_wedge_response(request.user, alert):
        raise PermissionDenied
    form = WedgeResponseForm(request.POST)
    if form.is_valid():
        try:
            services.record_wedge_response(
                alert, action=form.cleaned_data["action"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("action", exc.message_dict.get("action", exc.messages))
        else:
            messages.success(request, _("Response recorded."))
            return redirect("analysis:balance_area", code=area.code)
    context = _balance_context(request, area)
    context["form"], context["form_alert"] = form, alert.pk
    return render(request, "analysis/balance_area.html", context, status=400)


def needs(request):
    if not permissions.can_view_needs_assessment(request.user):
        raise PermissionDenied
    areas = Area.objects.filter(kind=AreaKind.NEIGHBORHOOD).order_by("name")
    latest = {}
    for a in NeedsAssessment.objects.order_by("area_id", "-created_at", "-pk"):
        latest.setdefault(a.area_id, a)
    return render(
        request,
        "analysis/needs.html",
        {
            "rows": [{"area": a, "latest": latest.get(a.pk)} for a in areas],
            "can_run": permissions.can_run_needs_assessment(request.user),
            "can_upload_population": permissions.can_upload_population(request.user),
        },
    )


def needs_area(request, code: str):
    area = get_object_or_404(Area, kind=AreaKind.NEIGHBORHOOD, code=code)
    if not permissions.can_view_needs_assessment(request.user, area):
        raise PermissionDenied
    assessments = list(NeedsAssessment.objects.filter(area=area).select_related("meeting")[:8])
    return render(
        request,
        "analysis/needs_area.html",
        {
            "area": area,
            "latest": assessments[0] if assessments else None,
            "history": assessments[1:],
            "population": PopulationTable.objects.filter(area=area).order_by("-year")[:5],
            "can_run": permissions.can_run_needs_assessment(request.user, area),
        },
    )


@require_POST
def needs_run(request, code: str):
    area = get_object_or_404(Area, kind=AreaKind.NEIGHBORHOOD, code=code)
    if not permissions.can_run_needs_assessment(request.user, area):
        raise PermissionDenied
    assessment = services.run_needs_assessment(area, by=request.user)
    if assessment.proposal_id:
        messages.success(
            request,
            _("Assessment done; the suggestion is on the next beat meeting's agenda proposals."),
        )
    else:
        messages.success(request, _("Assessment done."))
    return redirect("analysis:needs_area", code=area.code)


def population_upload(request):
    if not permissions.can_upload_population(request.user):
        raise PermissionDenied
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                n = services.import_population_csv(raw.decode("utf-8-sig"), by=request.user)
            except UnicodeDecodeError:
                form.add_error("file", _("Save the file as UTF-8 CSV."))
            except ValidationError as exc:
                form.add_error("file", exc.message_dict.get("file", exc.messages))
            else:
                messages.success(request, _("Population rows loaded: %(n)s.") % {"n": n})
                return redirect("analysis:needs")
        status = 400
    tables = PopulationTable.objects.select_related("area").order_by("area__name", "-year")[:200]
    return render(
        request, "analysis/population.html", {"form": form, "tables": tables}, status=status
    )
