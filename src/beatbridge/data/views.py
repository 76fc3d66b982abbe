"""Public crime statistics pages, open-data exports, and the officers' engagement form."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from beatbridge.areas.models import Area, AreaKind
from beatbridge.areas.queries import officer_patrol_area
from beatbridge.core import csv_export

from . import charts, permissions, services, stats
from .forms import EngagementForm, IncidentFilterForm
from .models import EnforcementKind, EngagementKind, OffenseCategory

WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]
EXPORT_LIMIT = 1_000_000
MAP_CELL_LIMIT = 5000


def _month_label(yyyymm: int) -> str:
    return f"{yyyymm // 100}-{yyyymm % 100:02d}"


def _heat_rows(grid: list[list[int]]) -> tuple[list[dict[str, Any]], int]:
    """The day × hour table's rows; each row's 24 cells also come as ready HTML
    (``cells_html``): 168 template lookups per page cost more than the rest of the table."""
    top = max((max(r) for r in grid), default=0)
    rows = []
    for day, counts in enumerate(grid):
        cells = [
            {"n": n, "level": 0 if not n or not top else min(5, 1 + int(5 * n / (top + 1)))}
            for n in counts
        ]
        cells_html = format_html_join(
            "", '<td class="num heat-{}">{}</td>', ((c["level"], c["n"]) for c in cells)
        )
        rows.append(
            {
                "day": str(WEEKDAYS[day]),
                "cells": cells,
                "cells_html": cells_html,
                "total": sum(counts),
            }
        )
    return rows, top


def _scope_urls(area: Area | None) -> dict[str, str]:
    def url(table: str) -> str:
        if area is None:
            return reverse("data:city_table", args=[table])
        return reverse("data:area_table", args=[area.kind, area.code, table])

    return {t: url(t) for t in ("categories", "monthly", "heat", "enforcement")}


def _chart_title(place: str) -> str:
    return _("Incidents per month in %(place)s, last 3 years") % {"place": place}


def _chart_url(area: Area | None) -> str:
    if area is None:
        return reverse("data:city_chart")
    return reverse("data:area_chart", args=[area.kind, area.code])


def _chart_response(area: Area | None) -> HttpResponse:
    today = timezone.localdate()
    label = str(area) if area else _("the city")
    svg = stats.cached(
        "monthly_svg",
        area,
        today,
        lambda: charts.monthly_svg(stats.monthly_counts(area, today), _chart_title(label)),
        stats.lang(),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def city_chart(request):
    return _chart_response(None)


def area_chart(request, kind: str, code: str):
    area = get_object_or_404(Area, kind=kind, code=code)
    if not stats.supports(area):
        raise Http404
    return _chart_response(area)


def shown_label(total: int, since: dt.date, until: dt.date) -> str:
    """'Incidents shown: 42 (Nov. 1, 2026 – Nov. 30, 2026)', in the visitor's language."""
    return _("Incidents shown: %(count)s (%(since)s – %(until)s)") % {
        "count": number_format(total, force_grouping=True),
        "since": date_format(since, "DATE_FORMAT"),
        "until": date_format(until, "DATE_FORMAT"),
    }


def stats_context(request, area: Area | None) -> dict[str, Any]:
    """Everything the statistics section shows, for an area or (``None``) the whole city."""
    with stats.pinned_version():
        return _stats_context(request, area)


def _stats_context(request, area: Area | None) -> dict[str, Any]:
    today = timezone.localdate()
    label = str(area) if area else _("the city")
    monthly = stats.monthly_counts(area, today)
    heat_rows, heat_top = _heat_rows(stats.weekday_hour_counts(area, today))
    ps = stats.periods(today)
    query = {"area_kind": area.kind, "area_code": area.code} if area else {}
    form = IncidentFilterForm(request.GET or None, auto_id="incident-filter-%s")
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = form.period()
    shown = None
    if period is not None:
        counts = stats.filter_categories(area, today, *period)
        form.offer_categories(counts, sum(row["count"] for row in counts))
        selected = filters.get("category")
        total = sum(r["count"] for r in counts if not selected or r["code"] == selected)
        shown = shown_label(total, *period)
    enforcement = stats.enforcement_summary(area, today)
    engagement = stats.engagement_summary(area, today)
    return {
        "scope_area": area,
        "scope_label": label,
        "today": today,
        "periods": ps,
        "categories": stats.category_counts(area, today),
        "monthly": [(_month_label(m), n) for m, n in monthly],
        "chart_url": _chart_url(area),
        "chart_alt": _chart_title(label),
        "heat_rows": heat_rows,
        "heat_top": heat_top,
        "hours": list(range(24)),
        "enforcement": enforcement,
        "enforcement_rows": [
            (EnforcementKind(k).label, n, minor) for k, n, minor in enforcement["by_kind"]
        ],
        "engagement": engagement,
        "engagement_rows": [
            (EngagementKind(k).label, minutes, n) for k, minutes, n in engagement["rows"]
        ],
        "filter_form": form,
        "shown": shown,
        "filter_query": query,
        "filters": filters,
        "table_urls": _scope_urls(area),
        "export_query": "&".join(f"{k}={v}" for k, v in query.items()),
    }


def area_section(request, area: Area) -> dict | None:
    """The crime statistics section on neighborhood, beat and district pages."""
    if not stats.supports(area) or not permissions.can_view_public_stats(request.user):
        return None
    return {
        "template": "data/area_section.html",
        "head_template": "data/head.html",
        "context": stats_context(request, area),
        "order": 50,
    }


def city(request):
    if not permissions.can_view_public_stats(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    with stats.pinned_version():
        comparison = stats.area_comparison(AreaKind.NEIGHBORHOOD, today)
        context = {
            "view_context": stats_context(request, None),
            "comparison": comparison,
            "has_population": any(r["population"] for r in comparison),
        }
    return render(request, "data/city.html", context)


def dictionary(request):
    categories = OffenseCategory.objects.select_related("parent").order_by("code")
    return render(request, "data/dictionary.html", {"categories": categories})


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_export.writer(response)  # formula-like cells neutralized
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _table(area: Area | None, table: str) -> tuple[list[str], list[list[Any]]]:
    today = timezone.localdate()
    if table == "categories":
        rows = [
            [
                r["code"] or "total",
                r["name"] or "All categories",
                r["last28"],
                r["last28_ly"],
                r["change28"],
                r["ytd"],
                r["ytd_ly"],
                r["change_ytd"],
            ]
            for r in stats.category_counts(area, today)
        ]
        return (
            [
                "category",
                "name",
                "last_28_days",
                "last_28_days_last_year",
                "change_28_pct",
                "year_to_date",
                "year_to_date_last_year",
                "change_ytd_pct",
            ],
            rows,
        )
    if table == "monthly":
        return ["month", "incidents"], [
            [_month_label(m), n] for m, n in stats.monthly_counts(area, today)
        ]
    if table == "heat":
        grid = stats.weekday_hour_counts(area, today)
        return (
            ["weekday", *[f"h{h:02d}" for h in range(24)]],
            [[str(WEEKDAYS[d]), *grid[d]] for d in range(7)],
        )
    if table == "enforcement":
        summary = stats.enforcement_summary(area, today)
        return (
            ["kind", "actions_last_12_months", "minor_offense_actions", "is_synthetic"],
            [[k, n, minor, summary["is_synthetic"]] for k, n, minor in summary["by_kind"]],
        )
    if table == "areas" and area is None:
        rows = [
            [
                r["area"].code,
                r["area"].name,
                r["ytd"],
                r["ytd_ly"],
                r["change"],
                r["population"],
                r["per_1000"],
            ]
            for r in stats.area_comparison(AreaKind.NEIGHBORHOOD, today)
        ]
        return (
            [
                "code",
                "neighborhood",
                "year_to_date",
                "year_to_date_last_year",
                "change_pct",
                "population",
                "per_1000_residents",
            ],
            rows,
        )
    raise Http404


def city_table(request, table: str):
    with stats.pinned_version():
        header, rows = _table(None, table)
    return _csv_response(f"city-{table}.csv", header, rows)


def area_table(request, kind: str, code: str, table: str):
    area = get_object_or_404(Area, kind=kind, code=code)
    if not stats.supports(area):
        raise Http404
    with stats.pinned_version():
        header, rows = _table(area, table)
    return _csv_response(f"{kind}-{code}-{table}.csv", header, rows)


def _filtered(request):
    form = IncidentFilterForm(request.GET)
    if not form.is_valid():
        return None, JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return stats.filtered_incidents(form.cleaned_data), None


PUBLIC_FIELDS = [
    "id",
    "occurred_at",
    "category__code",
    "category__name_en",
    "public_lon",
    "public_lat",
    "h3_cell",
    "beat__code",
    "district__code",
    "neighborhood__code",
    "premise",
    "source",
]
PUBLIC_HEADER = [
    "id",
    "occurred_at",
    "category",
    "category_name",
    "lon_generalized",
    "lat_generalized",
    "h3_cell",
    "beat",
    "district",
    "neighborhood",
    "premise",
    "source",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def incidents_csv(request):
    """Generalized incidents (never exact points, never sensitive categories) as CSV; a text
    cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    qs, error = _filtered(request)
    if error:
        return error
    rows = qs.order_by("occurred_at").values_list(*PUBLIC_FIELDS)[:EXPORT_LIMIT]
    writer = csv_export.writer(_Echo())  # formula-like cells neutralized

    def stream():
        yield writer.writerow(PUBLIC_HEADER)
        for row in rows.iterator(chunk_size=5000):
            yield writer.writerow([row[0], row[1].isoformat(), *row[2:]])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="incidents-generalized.csv"'
    return response


def incidents_geojson(request):
    """Generalized incidents as GeoJSON points at their H3 cell centres."""
    qs, error = _filtered(request)
    if error:
        return error
    rows = qs.order_by("occurred_at").values_list(*PUBLIC_FIELDS)[:EXPORT_LIMIT]

    def stream():
        yield '{"type": "FeatureCollection", "features": ['
        first = True
        for row in rows.iterator(chunk_size=5000):
            props = dict(zip(PUBLIC_HEADER, row, strict=True))
            props["occurred_at"] = row[1].isoformat()
            lon, lat = props.pop("lon_generalized"), props.pop("lat_generalized")
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
            yield ("" if first else ",") + json.dumps(feature)
            first = False
        yield "]}"

    response = StreamingHttpResponse(stream(), content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="incidents-generalized.geojson"'
    return response


def map_geojson(request):
    """Counts of generalized incidents per H3 cell, for the public maps; with the period, the
    count per category in it (whatever category is chosen: the filter lists them) and the
    sentence that states them ('Incidents shown: 42 (…)')."""
    form = IncidentFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data
    qs = stats.filtered_incidents(data)
    by_category = dict(
        stats.filtered_incidents({**data, "category": ""})
        .values_list("category__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = by_category.get(data["category"], 0) if data["category"] else sum(by_category.values())
    cells = (
        qs.values_list("h3_cell", "public_lon", "public_lat")
        .annotate(n=Count("id"))
        .order_by("-n")[:MAP_CELL_LIMIT]
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"h3_cell": cell, "count": n},
        }
        for cell, lon, lat, n in cells
    ]
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "period": {"since": data["since"].isoformat(), "until": data["until"].isoformat()},
            "total": total,
            "categories": by_category,
            "summary": shown_label(total, data["since"], data["until"]),
        },
        content_type="application/geo+json",
    )


@require_http_methods(["GET", "POST"])
def engagement_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_log_engagement(request.user):
        raise PermissionDenied
    # "Where" starts at the officer's own beat (most engagement happens there).
    own = officer_patrol_area(request.user)
    initial = {"area": own.pk} if own and own.kind in (AreaKind.BEAT, AreaKind.NEIGHBORHOOD) else {}
    form = EngagementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_engagement(
                request.user,
                data["kind"],
                data["started_at"],
                data["minutes"],
                data["area"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            from django.contrib import messages as flash

            flash.success(request, _("Engagement logged. Thank you."))
            return redirect("data:engagement_new")
    recent = request.user.engagement.select_related("area")[:10]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "data/engagement_form.html", {"form": form, "recent": recent}, status=status
    )
