"""REST API for watch groups: public list and detail (no member personal data: coordinators'
first names only), starting a group, and membership actions for signed-in users."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from beatbridge.areas.models import Area
from beatbridge.data.models import OffenseCategory

from . import permissions, services
from .models import Membership, MemberStatus, WatchGroup


class WatchAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "kind", "code", "name"]


class WatchCategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = OffenseCategory
        fields = ["code", "name"]


class WatchGroupSerializer(serializers.ModelSerializer):
    area = WatchAreaSerializer(read_only=True)
    coordinators = serializers.SerializerMethodField()
    member_count = serializers.SerializerMethodField()
    watched_categories = WatchCategorySerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = WatchGroup
        fields = [
            "id",
            "name",
            "area",
            "description",
            "how_to_join",
            "meeting_times",
            "coordinators",
            "member_count",
            "watched_categories",
            "status",
            "url",
        ]

    def get_coordinators(self, obj: WatchGroup) -> list[str]:
        """First names only."""
        return [m.user.public_name for m in obj.coordinators()]

    def get_member_count(self, obj: WatchGroup) -> int:
        return obj.active_members().count()

    def get_url(self, obj: WatchGroup) -> str:
        return obj.get_absolute_url()


class WatchGroupCreateSerializer(serializers.Serializer):
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind__in=permissions.GROUP_AREA_KINDS)
    )
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    how_to_join = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    meeting_times = serializers.CharField(required=False, allow_blank=True, max_length=300)
    categories = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=OffenseCategory.objects.filter(is_sensitive=False),
    )


class WatchJoinBodySerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=500)


class WatchDecisionSerializer(serializers.Serializer):
    membership = serializers.IntegerField(min_value=1)
    approve = serializers.BooleanField()


class WatchMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "group", "role", "status", "requested_at"]


class WatchJoinRequestSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "message", "requested_at"]


class WatchGroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Active watch groups (public). Signed-in people start groups and ask to join."""

    serializer_class = WatchGroupSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [drf_permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        qs = WatchGroup.objects.select_related("area").prefetch_related("watched_categories")
        if self.action == "list":
            qs = qs.active()
            area = self.request.query_params.get("area")
            if area and area.isdigit():
                qs = qs.filter(area_id=int(area))
        return qs.order_by("name", "pk")

    @extend_schema(request=WatchGroupCreateSerializer, responses={201: WatchGroupSerializer})
    def create(self, request):
        s = WatchGroupCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        group = services.create_group(
            d["area"],
            name=d["name"],
            description=d.get("description", ""),
            how_to_join=d.get("how_to_join", ""),
            meeting_times=d.get("meeting_times", ""),
            categories=d.get("categories"),
            by=request.user,
        )
        return Response(WatchGroupSerializer(group).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WatchJoinBodySerializer, responses={200: WatchMembershipSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        group = self.get_object()
        s = WatchJoinBodySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        m = services.request_to_join(
            group, message=s.validated_data.get("message", ""), by=request.user
        )
        return Response(WatchMembershipSerializer(m).data)

    @extend_schema(request=None, responses={200: WatchMembershipSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        m = services.leave_group(self.get_object(), by=request.user)
        return Response(WatchMembershipSerializer(m).data)

    @extend_schema(responses={200: WatchJoinRequestSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def requests(self, request, pk=None):
        """Pending join requests (coordinators only; display names, no contact data)."""
        group = self.get_object()
        if not permissions.can_coordinate(request.user, group):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        pending = group.memberships.filter(status=MemberStatus.PENDING).select_related("user")
        return Response(WatchJoinRequestSerializer(pending, many=True).data)

    @extend_schema(request=WatchDecisionSerializer, responses={200: WatchMembershipSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        group = self.get_object()
        s = WatchDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        m = get_object_or_404(group.memberships, pk=s.validated_data["membership"])
        m = services.decide_request(m, approve=s.validated_data["approve"], by=request.user)
        return Response(WatchMembershipSerializer(m).data)
