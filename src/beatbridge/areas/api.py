"""Areas as GeoJSON, and the point locator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import locator, permissions
from .models import Area, AreaKind


def area_feature(area: Area, with_geometry: bool = True) -> dict:
    return {
        "type": "Feature",
        "id": area.pk,
        "geometry": area.geometry if with_geometry else None,
        "properties": {
            "id": area.pk,
            "kind": area.kind,
            "code": area.code,
            "name": area.name,
            "label": str(area),
            "parent": area.parent.code if area.parent_id else None,
            "parent_kind": area.parent.kind if area.parent_id else None,
            "population": area.population,
        },
    }


# -- query parameters ----------------------------------------------------------------------


# In response components a plain string: an enum there would become a shared "KindEnum"
# component whose name collides with other apps' "kind" fields (schema warnings).
@extend_schema_field({"type": "string", "description": "district, beat, sector or neighborhood"})
class AreaKindField(serializers.ChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(choices=AreaKind.choices, **kwargs)


def _coordinate(bound: int, help_text, required, invalid, out_of_range) -> serializers.FloatField:
    """A WGS84 coordinate query parameter between -bound and bound, every error named."""
    return serializers.FloatField(
        min_value=-bound,
        max_value=bound,
        help_text=help_text,
        error_messages={
            "required": required,
            "invalid": invalid,
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class LocateQuery(serializers.Serializer):
    lat = _coordinate(
        90,
        help_text=_("Latitude in WGS84 degrees, e.g. 41.88."),
        required=_("Latitude (lat) is required."),
        invalid=_("Latitude (lat) must be a finite number, e.g. 41.88."),
        out_of_range=_("Latitude (lat) must be between -90 and 90."),
    )
    lon = _coordinate(
        180,
        help_text=_("Longitude in WGS84 degrees, e.g. -87.63."),
        required=_("Longitude (lon) is required."),
        invalid=_("Longitude (lon) must be a finite number, e.g. -87.63."),
        out_of_range=_("Longitude (lon) must be between -180 and 180."),
    )


class AreaListQuery(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=AreaKind.choices,
        required=False,
        help_text=_("Only areas of this kind."),
        error_messages={
            "invalid_choice": _(
                'Unknown kind "{input}"; use district, beat, sector or neighborhood.'
            )
        },
    )
    geometry = serializers.BooleanField(
        required=False, default=True, help_text=_("Include the polygons (default true).")
    )


# -- response shapes (for the schema) --------------------------------------------------------


class AreaProperties(serializers.Serializer):
    id = serializers.IntegerField()
    kind = AreaKindField()
    code = serializers.CharField()
    name = serializers.CharField()
    label = serializers.CharField()
    parent = serializers.CharField(allow_null=True, help_text=_("Code of the parent area."))
    parent_kind = AreaKindField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)


class AreaFeature(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = serializers.JSONField(
        allow_null=True, help_text=_("GeoJSON Polygon or MultiPolygon (WGS84).")
    )
    properties = AreaProperties()


class AreaFeatureCollection(serializers.Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = AreaFeature(many=True)


class LocateResult(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    areas = AreaProperties(many=True, help_text=_("At most one area per kind; may be empty."))


def _bad_query(field: str, message: str) -> OpenApiResponse:
    return OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=_("Bad query parameters: a list of messages per parameter."),
        examples=[OpenApiExample("Bad parameter", value={field: [message]})],
    )


# -- endpoints -------------------------------------------------------------------------------


class AreaCollection(APIView):
    """All areas (optionally of one kind) as one GeoJSON FeatureCollection, without paging."""

    @extend_schema(
        operation_id="areas_list",
        tags=["areas"],
        parameters=[AreaListQuery],
        responses={
            (200, "application/geo+json"): AreaFeatureCollection,
            400: _bad_query(
                "kind", 'Unknown kind "precinct"; use district, beat, sector or neighborhood.'
            ),
        },
    )
    def get(self, request):
        query = AreaListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        areas = Area.objects.select_related("parent").order_by("kind", "code")
        if query.validated_data.get("kind"):
            areas = areas.filter(kind=query.validated_data["kind"])
        with_geometry = query.validated_data["geometry"]
        features = [
            area_feature(a, with_geometry)
            for a in areas
            if permissions.can_view_area(request.user, a)
        ]
        as_json = request.accepted_renderer.format == "json"
        return Response(
            {"type": "FeatureCollection", "features": features},
            content_type="application/geo+json" if as_json else None,
        )


class AreaLocate(APIView):
    """The areas (district, beat, neighborhood...) containing a point, one per kind."""

    @extend_schema(
        operation_id="areas_locate",
        tags=["areas"],
        parameters=[LocateQuery],
        responses={
            200: LocateResult,
            400: _bad_query("lat", "Latitude (lat) must be between -90 and 90."),
        },
    )
    def get(self, request):
        query = LocateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        lat, lon = query.validated_data["lat"], query.validated_data["lon"]
        areas = [a for a in locator.locate(lon, lat) if permissions.can_view_area(request.user, a)]
        return Response(
            {
                "lat": lat,
                "lon": lon,
                "areas": [area_feature(a, with_geometry=False)["properties"] for a in areas],
            }
        )
