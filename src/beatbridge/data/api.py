"""REST API: generalized incidents, statistics, offense categories, engagement."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from beatbridge.areas.models import Area, AreaKind
from beatbridge.core.api_pagination import BoundedLimitOffsetPagination

from . import permissions, services, stats
from .forms import IncidentFilterForm
from .models import EngagementActivity, EngagementKind, Incident, OffenseCategory


class OffenseCategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = OffenseCategory
        fields = [
            "code",
            "name_en",
            "name_es",
            "group",
            "crime_against",
            "parent",
            "is_minor",
            "is_sensitive",
            "is_local",
        ]


class PublicIncidentSerializer(serializers.ModelSerializer):
    """An incident as the public sees it: generalized location only."""

    category = serializers.CharField(source="category.code", allow_null=True)
    category_name = serializers.CharField(source="category.name_en", allow_null=True)
    lon = serializers.FloatField(source="public_lon", help_text="generalized (H3 cell centre)")
    lat = serializers.FloatField(source="public_lat", help_text="generalized (H3 cell centre)")
    beat = serializers.CharField(source="beat.code", allow_null=True)
    district = serializers.CharField(source="district.code", allow_null=True)
    neighborhood = serializers.CharField(source="neighborhood.code", allow_null=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "occurred_at",
            "category",
            "category_name",
            "lon",
            "lat",
            "h3_cell",
            "beat",
            "district",
            "neighborhood",
            "premise",
            "source",
        ]


class ExactIncidentSerializer(PublicIncidentSerializer):
    """Staff only: adds the exact point and the source's own fields."""

    exact_lon = serializers.FloatField(source="lon")
    exact_lat = serializers.FloatField(source="lat")

    class Meta(PublicIncidentSerializer.Meta):
        fields = [
            *PublicIncidentSerializer.Meta.fields,
            "exact_lon",
            "exact_lat",
            "source_id",
            "offense",
            "block",
        ]


FILTER_PARAMS = [
    OpenApiParameter("category", OpenApiTypes.STR, description="offense category code"),
    OpenApiParameter(
        "since", OpenApiTypes.DATE, description="first local date (default: 90 days ago)"
    ),
    OpenApiParameter("until", OpenApiTypes.DATE, description="last local date (default: today)"),
    OpenApiParameter("area_kind", OpenApiTypes.STR, enum=["beat", "district", "neighborhood"]),
    OpenApiParameter("area_code", OpenApiTypes.STR),
]


def _filtered_incidents(request, *, include_sensitive: bool):
    form = IncidentFilterForm(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    qs = stats.filtered_incidents(form.cleaned_data, include_sensitive=include_sensitive)
    return qs.select_related("category", "beat", "district", "neighborhood").order_by(
        "-occurred_at", "-id"
    )


class IncidentList(generics.ListAPIView):
    """Public incidents with generalized locations; sensitive categories are never listed."""

    serializer_class = PublicIncidentSerializer
    pagination_class = BoundedLimitOffsetPagination
    filter_backends: list = []  # the filters are FILTER_PARAMS, read by _filtered_incidents

    def get_queryset(self):
        return _filtered_incidents(self.request, include_sensitive=False)

    @extend_schema(parameters=FILTER_PARAMS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ExactIncidentList(generics.ListAPIView):
    """Staff only: incidents with exact locations. Every incident returned is audit-logged
    (one row each, the page's rows written in one bulk insert)."""

    serializer_class = ExactIncidentSerializer
    pagination_class = BoundedLimitOffsetPagination
    filter_backends: list = []

    def get_queryset(self):
        return _filtered_incidents(self.request, include_sensitive=True)

    @extend_schema(parameters=FILTER_PARAMS)
    def get(self, request, *args, **kwargs):
        if not permissions.can_view_exact_locations(request.user):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied()
        page = self.paginate_queryset(self.get_queryset())
        services.read_exact_incidents(request.user, page, "exact location (API)")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class StatsQuery(serializers.Serializer):
    area_kind = serializers.ChoiceField(
        choices=["beat", "district", "neighborhood"], required=False
    )
    area_code = serializers.CharField(required=False, max_length=64)

    def validate(self, attrs):
        if bool(attrs.get("area_kind")) != bool(attrs.get("area_code")):
            raise serializers.ValidationError("Give both area_kind and area_code, or neither.")
        return attrs


class CrimeStats(APIView):
    """Counts by category (last 28 days, year to date, vs last year), months, weekday × hour."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "area_kind", OpenApiTypes.STR, enum=["beat", "district", "neighborhood"]
            ),
            OpenApiParameter("area_code", OpenApiTypes.STR),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = StatsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = None
        if query.validated_data.get("area_kind"):
            area = Area.objects.filter(
                kind=query.validated_data["area_kind"], code=query.validated_data["area_code"]
            ).first()
            if area is None:
                raise exceptions.ValidationError({"area_code": ["Unknown area."]})
        today = timezone.localdate()
        ps = stats.periods(today)
        enforcement = stats.enforcement_summary(area, today)
        return Response(
            {
                "area": {"kind": area.kind, "code": area.code, "name": area.name} if area else None,
                "as_of": today,
                "periods": {k: {"start": p.start, "end": p.end} for k, p in ps.items()},
                "categories": stats.category_counts(area, today),
                "monthly": [
                    {"month": f"{m // 100}-{m % 100:02d}", "incidents": n}
                    for m, n in stats.monthly_counts(area, today)
                ],
                "weekday_hour": stats.weekday_hour_counts(area, today),
                "enforcement": {
                    "by_kind": [
                        {"kind": k, "actions": n, "minor": mi}
                        for k, n, mi in enforcement["by_kind"]
                    ],
                    "is_synthetic": enforcement["is_synthetic"],
                },
            }
        )


class OffenseCategoryList(APIView):
    """The offense categories (FBI NIBRS codes and local sub-categories)."""

    @extend_schema(responses=OffenseCategorySerializer(many=True))
    def get(self, request):
        qs = OffenseCategory.objects.select_related("parent").order_by("code")
        return Response(OffenseCategorySerializer(qs, many=True).data)


class EngagementSerializer(serializers.ModelSerializer):
    area_kind = serializers.ChoiceField(
        choices=[AreaKind.BEAT, AreaKind.NEIGHBORHOOD], write_only=True
    )
    area_code = serializers.CharField(write_only=True, max_length=64)
    area = serializers.StringRelatedField(read_only=True)
    kind = serializers.ChoiceField(choices=EngagementKind.choices)
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)

    class Meta:
        model = EngagementActivity
        fields = ["id", "kind", "started_at", "minutes", "note", "area", "area_kind", "area_code"]
        read_only_fields = ["id", "area"]

    def validate(self, attrs):
        area = Area.objects.filter(kind=attrs.pop("area_kind"), code=attrs.pop("area_code")).first()
        if area is None:
            raise serializers.ValidationError({"area_code": ["Unknown area."]})
        attrs["area"] = area
        return attrs


class EngagementList(APIView):
    """Officers: your engagement log (GET) and a new entry (POST)."""

    def _check(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not permissions.can_log_engagement(request.user):
            raise exceptions.PermissionDenied()

    @extend_schema(responses=EngagementSerializer(many=True))
    def get(self, request):
        self._check(request)
        qs = request.user.engagement.select_related("area")[:200]
        return Response(EngagementSerializer(qs, many=True).data)

    @extend_schema(request=EngagementSerializer, responses={201: EngagementSerializer})
    def post(self, request):
        self._check(request)
        serializer = EngagementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            entry = services.log_engagement(
                request.user,
                d["kind"],
                d["started_at"],
                d["minutes"],
                d["area"],
                note=d.get("note", ""),
                by=request.user,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from exc
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied() from exc
        return Response(EngagementSerializer(entry).data, status=201)
