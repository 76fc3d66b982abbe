"""Areas as GeoJSON, and the point locator."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import locator
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


class LocateQuery(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)


class AreaListQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AreaKind.choices, required=False)
    geometry = serializers.BooleanField(required=False, default=True)


class AreaCollection(APIView):
    """All areas (optionally of one kind) as one GeoJSON FeatureCollection."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=AreaKind.values),
            OpenApiParameter("geometry", OpenApiTypes.BOOL, description="include polygons"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = AreaListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        areas = Area.objects.select_related("parent")
        if query.validated_data.get("kind"):
            areas = areas.filter(kind=query.validated_data["kind"])
        with_geometry = query.validated_data["geometry"]
        return Response(
            {
                "type": "FeatureCollection",
                "features": [area_feature(a, with_geometry) for a in areas],
            },
            content_type="application/geo+json" if request.accepted_renderer.format == "json" else None,
        )


class AreaLocate(APIView):
    """The areas (district, beat, neighborhood...) containing a point."""

    @extend_schema(
        parameters=[
            OpenApiParameter("lat", OpenApiTypes.DOUBLE, required=True),
            OpenApiParameter("lon", OpenApiTypes.DOUBLE, required=True),
        ],
        responses={
            200: inline_serializer(
                "LocateResult",
                {
                    "lat": serializers.FloatField(),
                    "lon": serializers.FloatField(),
                    "areas": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    def get(self, request):
        query = LocateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        lat, lon = query.validated_data["lat"], query.validated_data["lon"]
        areas = locator.locate(lon, lat)
        return Response(
            {
                "lat": lat,
                "lon": lon,
                "areas": [area_feature(a, with_geometry=False)["properties"] for a in areas],
            }
        )

