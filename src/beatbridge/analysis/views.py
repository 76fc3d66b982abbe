"""Insight pages: hotspots, near repeat, methods. Trends, balance and needs: views_staff.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.areas.models import Area
from beatbridge.data.models import OffenseCategory
from beatbridge.insights.nearrepeat import band_labels

from . import charts, conf, permissions, services
from .forms import HotspotForm
from .models import NearRepeatPattern
from .services.common import AREA_FIELDS


def _area_or_404(kind: str, code: str) -> Area:
    if kind not in AREA_FIELDS:
        raise Http404
    return get_object_or_404(Area, kind=kind, code=code)


def _headlines(user: Any) -> dict[str, Any]:
    """Each tool's headline figure for the index tiles (cached results; no new analysis)."""
    from .models import WedgeAlert
    from .services.common import last_complete_month

    out: dict[str, Any] = {}
    if permissions.can_view_hotspots(user):
        query = services.default_query(
            include_sensitive=permissions.can_view_sensitive_hotspots(user)
        )
        meta = services.hotspot_map(query).get("meta", {})
        out["hotspots"] = {"hot": meta.get("hot", 0), "since": query.start}
    patterns = list(services.near_repeat_patterns_for(user))
    out["near_repeat"] = {
        "with_pattern": [p for p in patterns if p.has_pattern],
        "measured": len(patterns),
    }
    if permissions.can_view_trends(user):
        alerts = services.trend_alerts_for(user)
        out["trends"] = {
            "up": sum(a.direction == "up" for a in alerts),
            "down": sum(a.direction == "down" for a in alerts),
        }
    if permissions.can_view_balance(user):
        out["balance"] = WedgeAlert.objects.filter(month=last_complete_month()).count()
    return out


def index(request):
    user = request.user
    return render(
        request,
        "analysis/index.html",
        {
            "can_view_trends": permissions.can_view_trends(user),
            "can_view_balance": permissions.can_view_balance(user),
            "can_view_needs": permissions.can_view_needs_assessment(user),
            "can_upload_population": permissions.can_upload_population(user),
            "headline": _headlines(user),
        },
    )


def hotspot_categories(user: Any):
    qs = OffenseCategory.objects.filter(parent__isnull=True)
    if not permissions.can_view_sensitive_hotspots(user):
        qs = qs.filter(is_sensitive=False)
    return qs.order_by("code")


def hotspot_query_from(request, area: Area | None) -> tuple[HotspotForm, Any]:
    """The form and the query, or the form with errors and None."""
    categories = list(hotspot_categories(request.user))
    form = HotspotForm(request.GET or None, categories=categories)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    category = next((c for c in categories if c.code == data.get("category")), None)
    try:
        query = services.default_query(
            start=data.get("start"),
            end=data.get("end"),
            resolution=data.get("resolution"),
            category=category,
            area=area,
            include_sensitive=permissions.can_view_sensitive_hotspots(request.user),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return form, None
    return form, query


def hotspots(request, kind: str | None = None, code: str | None = None):
    if not permissions.can_view_hotspots(request.user):
        raise PermissionDenied
    area = _area_or_404(kind, code) if kind else None
    form, query = hotspot_query_from(request, area)
    result = services.hotspot_map(query) if query is not None else None
    return render(
        request,
        "analysis/hotspots.html",
        {"form": form, "area": area, "result": result, "query": query},
        status=200 if query is not None else 400,
    )


def methods(request):
    return render(request, "analysis/methods.html", {"conf": conf})


def _pattern_context(pattern: NearRepeatPattern) -> dict[str, Any]:
    space = band_labels([float(v) for v in pattern.space_breaks], "m")
    time = band_labels([float(v) for v in pattern.time_breaks], "days")
    rows = []
    alpha = float(conf.get("NEAR_REPEAT_ALPHA"))
    for i, label in enumerate(space if pattern.observed else []):
        cells = []
        for j in range(len(time)):
            ratio = pattern.knox_ratio[i][j]
            pv = pattern.p_values[i][j]
            cells.append(
                {
                    "observed": pattern.observed[i][j],
                    "expected": pattern.expected[i][j],
                    "ratio": ratio,
                    "p": pv,
                    "significant": ratio is not None
                    and pv is not None
                    and pv <= alpha
                    and ratio > 1,
                }
            )
        rows.append({"label": label, "cells": cells})
    svg = (
        charts.cached_svg(
            charts.knox_svg,
            pattern.knox_ratio,
            pattern.p_values,
            space,
            time,
            _("Near-repeat pattern: Knox ratios by distance and time"),
            alpha,
        )
        if pattern.observed
        else ""
    )
    significant = sum(c["significant"] for row in rows for c in row["cells"])
    return {
        "pattern": pattern,
        "significant_cells": significant,
        "space_labels": space,
        "time_labels": time,
        "rows": rows,
        "svg": svg,
    }


def near_repeat(request, code: str | None = None):
    if not permissions.can_view_near_repeat(request.user):
        raise PermissionDenied
    patterns = list(services.near_repeat_patterns_for(request.user))
    chosen = None
    if code:
        chosen = next((p for p in patterns if p.category.code == code), None)
        if chosen is None:
            raise Http404
    elif patterns:
        chosen = patterns[0]
    context: dict[str, Any] = {
        "patterns": patterns,
        "configured": conf.get("NEAR_REPEAT_CATEGORIES"),
        "min_ratio": conf.get("NEAR_REPEAT_MIN_RATIO"),
        "alpha": conf.get("NEAR_REPEAT_ALPHA"),
        "can_refresh": permissions.can_run_analyses(request.user),
        "risks": [
            r
            for r in services.active_elevated_risks(
                include_sensitive=permissions.can_view_sensitive_hotspots(request.user)
            )
            if chosen and r.category_id == chosen.category_id
        ][:50],
    }
    if chosen is not None:
        context.update(_pattern_context(chosen))
    return render(request, "analysis/near_repeat.html", context)


@require_POST
def near_repeat_refresh(request):
    if not permissions.can_run_analyses(request.user):
        raise PermissionDenied
    patterns = services.refresh_all_near_repeat(by=request.user)
    messages.success(request, _("Near-repeat patterns recomputed: %(n)s.") % {"n": len(patterns)})
    return redirect("analysis:near_repeat")


def risk_advice(area: Area, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Elevated-risk zones in the area, grouped per category, for the prevention advice."""
    risks = services.active_elevated_risks(area, now)
    grouped: dict[int, dict[str, Any]] = {}
    for r in risks:
        g = grouped.setdefault(
            r.category_id,
            {
                "category": r.category,
                "count": 0,
                "until": r.ends_at,
                "radius": r.radius_m,
                "zones": [],
            },
        )
        g["count"] += 1
        g["until"] = max(g["until"], r.ends_at)
        g["zones"].append(
            {
                "lon": r.center_lon,
                "lat": r.center_lat,
                "radius": r.radius_m,
                "until": r.ends_at.isoformat(),
            }
        )
    return list(grouped.values())


def today() -> dt.date:
    return timezone.localdate()
