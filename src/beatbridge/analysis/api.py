"""REST API of the insights (read-only): hotspots as GeoJSON, near-repeat patterns, elevated
risks, trend alerts, and a neighborhood's enforcement-balance series."""

from __future__ import annotations

import math
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from beatbridge.areas.models import Area, AreaKind
from beatbridge.data.models import OffenseCategory

from . import permissions, services
from .models import ElevatedRisk, NearRepeatPattern, TrendAlert
from .services.balance import risk_figures
from .services.common import AREA_FIELDS


def _require(allowed: bool, request) -> None:
    if not allowed:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        raise exceptions.PermissionDenied()


def _area_param(value: str | None) -> Area | None:
    """``kind:code`` (e.g. ``neighborhood:1``, ``beat:0111``) or nothing."""
    if not value:
        return None
    kind, _sep, code = value.partition(":")
    if kind not in AREA_FIELDS or not code:
        raise serializers.ValidationError({"area": ["Use kind:code, e.g. beat:0111."]})
    area = Area.objects.filter(kind=kind, code=code).first()
    if area is None:
        raise serializers.ValidationError({"area": ["No such area."]})
    return area


class HotspotParams(serializers.Serializer):
    category = serializers.CharField(required=False, allow_blank=True)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    resolution = serializers.IntegerField(required=False)
    area = serializers.CharField(required=False, allow_blank=True)


class Hotspots(APIView):
    """Hot and cold H3 cells (GeoJSON FeatureCollection; ``meta`` holds the parameters, counts
    and the top hot cells). Sensitive categories are never included for the public."""

    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, description="NIBRS code, e.g. 220"),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("resolution", int, description="H3 resolution 6-10 (default 9)"),
            OpenApiParameter("area", str, description="kind:code, e.g. neighborhood:1"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        _require(permissions.can_view_hotspots(request.user), request)
        params = HotspotParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        sensitive_ok = permissions.can_view_sensitive_hotspots(request.user)
        category = None
        if data.get("category"):
            category = OffenseCategory.objects.filter(code=data["category"]).first()
            if category is None or (category.is_sensitive and not sensitive_ok):
                raise serializers.ValidationError({"category": ["Unknown category."]})
        query = services.default_query(
            start=data.get("start"),
            end=data.get("end"),
            resolution=data.get("resolution"),
            category=category,
            area=_area_param(data.get("area")),
            include_sensitive=sensitive_ok,
        )
        return Response(services.hotspot_map(query))


class NearRepeatSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name_en")

    class Meta:
        model = NearRepeatPattern
        fields = [
            "category",
            "category_name",
            "computed_at",
            "period_start",
            "period_end",
            "n_events",
            "permutations",
            "metric",
            "space_breaks",
            "time_breaks",
            "observed",
            "expected",
            "knox_ratio",
            "p_values",
            "risk_radius_m",
            "risk_days",
        ]


def _finite_breaks(values: list) -> list:
    return [v if isinstance(v, int | float) and math.isfinite(v) else None for v in values]


class NearRepeatPatterns(APIView):
    """Each category's near-repeat pattern (Knox tables: rows are distance bands, columns
    time bands; ``null`` breakpoints mean "and more")."""

    @extend_schema(responses={200: NearRepeatSerializer(many=True)})
    def get(self, request):
        _require(permissions.can_view_near_repeat(request.user), request)
        qs = services.near_repeat_patterns_for(request.user)
        data = NearRepeatSerializer(qs, many=True).data
        for row in data:
            row["space_breaks"] = _finite_breaks(row["space_breaks"])
            row["time_breaks"] = _finite_breaks(row["time_breaks"])
        return Response(data)


class ElevatedRiskSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name_en")
    lon = serializers.FloatField(source="center_lon", help_text="generalized (block level)")
    lat = serializers.FloatField(source="center_lat", help_text="generalized (block level)")
    beat = serializers.CharField(source="beat.code", allow_null=True, default=None)
    neighborhood = serializers.CharField(source="neighborhood.code", allow_null=True, default=None)

    class Meta:
        model = ElevatedRisk
        fields = [
            "id",
            "category",
            "category_name",
            "lon",
            "lat",
            "radius_m",
            "starts_at",
            "ends_at",
            "beat",
            "neighborhood",
        ]


class ElevatedRisks(APIView):
    """Near-repeat elevated-risk zones in force now (optionally in one area)."""

    @extend_schema(
        parameters=[OpenApiParameter("area", str, description="kind:code, e.g. beat:0111")],
        responses={200: ElevatedRiskSerializer(many=True)},
    )
    def get(self, request):
        _require(permissions.can_view_elevated_risks(request.user), request)
        area = _area_param(request.query_params.get("area"))
        risks = services.active_elevated_risks(
            area, include_sensitive=permissions.can_view_sensitive_hotspots(request.user)
        )
        return Response(ElevatedRiskSerializer(risks, many=True).data)


class TrendAlertSerializer(serializers.ModelSerializer):
    area_kind = serializers.CharField(source="area.kind")
    area_code = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    category = serializers.CharField(source="category.code", allow_null=True, default=None)

    class Meta:
        model = TrendAlert
        fields = [
            "area_kind",
            "area_code",
            "area_name",
            "category",
            "direction",
            "ratio",
            "p",
            "q",
            "recent_mean",
            "baseline_mean",
            "since_month",
            "last_month",
            "computed_at",
        ]


class TrendAlerts(APIView):
    """Areas whose recent months changed significantly (police staff)."""

    @extend_schema(responses={200: TrendAlertSerializer(many=True)})
    def get(self, request):
        _require(permissions.can_view_trends(request.user), request)
        return Response(
            TrendAlertSerializer(services.trend_alerts_for(request.user), many=True).data
        )


def _nan_to_none(values: list) -> list:
    return [None if isinstance(v, float) and not math.isfinite(v) else v for v in values]


class BalanceSeries(APIView):
    """A neighborhood's monthly enforcement-balance figures and the wedge-risk result."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, code: str):
        area = get_object_or_404(Area, kind=AreaKind.NEIGHBORHOOD, code=code)
        _require(permissions.can_view_balance(request.user, area), request)
        series = services.balance_series(area)
        risk = services.evaluate(series)
        out: dict[str, Any] = {
            k: (_nan_to_none(v) if isinstance(v, list) else v)
            for k, v in series.items()
            if k != "area"
        }
        out["area"] = {"kind": area.kind, "code": area.code, "name": area.name}
        out["wedge_risk"] = risk_figures(risk)
        return Response(out)
