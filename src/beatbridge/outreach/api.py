"""REST API: announcements (read for everyone, write by permission), the resource library
(read) and workshop requests (signed-in residents). Every write goes through a verb in
:mod:`.services` (403 for refused roles, 400 with field errors for bad input)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from beatbridge.accounts.models import Organization
from beatbridge.areas.models import Area

from . import permissions, search, services, share
from .models import (
    Announcement,
    AnnouncementCategory,
    Resource,
    ResourceKind,
    Topic,
    WorkshopRequest,
)

ID_REGEX = "[0-9]{1,18}"


class AnnouncementAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "kind", "code", "name"]


class ShareTextSerializer(serializers.Serializer):
    short = serializers.CharField(help_text="At most 280 characters, link included")
    long = serializers.CharField(help_text="At most 500 characters, link included")
    url = serializers.URLField()


class AnnouncementSerializer(serializers.ModelSerializer):
    areas = AnnouncementAreaSerializer(many=True, read_only=True)
    author = serializers.CharField(source="byline", read_only=True)
    url = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField()
    share = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = [
            "id",
            "uuid",
            "title",
            "body",
            "category",
            "is_urgent",
            "areas",
            "is_citywide",
            "expires_at",
            "image_url",
            "image_alt",
            "author",
            "status",
            "published_at",
            "updated_at",
            "url",
            "share",
        ]

    def get_url(self, obj) -> str:
        return share.absolute(obj.get_absolute_url())

    def get_image_url(self, obj) -> str | None:
        from django.urls import reverse

        if not obj.image:
            return None
        return share.absolute(reverse("outreach:announcement_image", args=[obj.pk]))

    @extend_schema_field(ShareTextSerializer)
    def get_share(self, obj) -> dict:
        text = share.announcement_text(obj)
        return {"short": text.short, "long": text.long, "url": text.url}


class AnnouncementInput(serializers.Serializer):
    title = serializers.CharField(max_length=140)
    body = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(choices=AnnouncementCategory.choices)
    is_urgent = serializers.BooleanField(required=False, default=False)
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False, default=list
    )
    is_citywide = serializers.BooleanField(required=False, default=False)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None
    )
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    image = serializers.ImageField(required=False, allow_null=True, default=None)
    image_alt = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AnnouncementUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=140, required=False)
    body = serializers.CharField(max_length=5000, required=False)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
    image_alt = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _valid(cls, request, partial: bool = False) -> dict:
    s = cls(data=request.data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _signed_in(request) -> None:
    if not permissions.is_signed_in(request.user):
        raise NotAuthenticated()


@extend_schema_view(
    list=extend_schema(
        summary="Live announcements (published, not expired)",
        parameters=[
            OpenApiParameter("area", int, description="Announcements shown on this area's page"),
            OpenApiParameter("category", str, enum=AnnouncementCategory.values),
        ],
    ),
    retrieve=extend_schema(summary="One announcement"),
    create=extend_schema(
        summary="Post an announcement (officers serving the areas, partners, supervisors)",
        request={"application/json": AnnouncementInput, "multipart/form-data": AnnouncementInput},
        responses={201: AnnouncementSerializer},
    ),
    partial_update=extend_schema(
        summary="Correct an announcement (its author, supervisors)",
        request=AnnouncementUpdateInput,
        responses=AnnouncementSerializer,
    ),
)
class AnnouncementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Announcement.objects.none()
    serializer_class = AnnouncementSerializer
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = Announcement.objects.live()
        params = self.request.query_params
        raw_area = params.get("area", "")
        if raw_area.isdigit() and len(raw_area) <= 18:
            area = Area.objects.filter(pk=int(raw_area)).first()
            qs = qs.for_area(area) if area else qs.none()
        if params.get("category") in AnnouncementCategory.values:
            qs = qs.filter(category=params["category"])
        return (
            qs.select_related("author", "organization")
            .prefetch_related("areas")
            .order_by("-published_at", "-pk")
        )

    def _editable(self, pk) -> Announcement:
        announcement = get_object_or_404(Announcement, pk=pk)
        if not permissions.can_view_announcement(self.request.user, announcement):
            from django.http import Http404

            raise Http404
        return announcement

    def retrieve(self, request, pk=None):
        return Response(AnnouncementSerializer(self._editable(pk)).data)

    def create(self, request):
        _signed_in(request)
        data = _valid(AnnouncementInput, request)
        announcement = services.post_announcement(by=request.user, **data)
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        _signed_in(request)
        announcement = self._editable(pk)
        data = _valid(AnnouncementUpdateInput, request, partial=True)
        announcement = services.edit_announcement(announcement, by=request.user, **data)
        return Response(AnnouncementSerializer(announcement).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Withdraw an announcement (its author, supervisors)",
        request=WithdrawInput,
        responses=AnnouncementSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        _signed_in(request)
        announcement = self._editable(pk)
        data = _valid(WithdrawInput, request)
        announcement = services.withdraw_announcement(
            announcement, by=request.user, reason=data["reason"]
        )
        return Response(AnnouncementSerializer(announcement).data)


class ResourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    # Plain strings in the schema: the topic and language choice sets already have their
    # components (TopicEnum from workshop requests, the accounts' language enum).
    topics = serializers.ListField(
        child=serializers.CharField(), help_text="Topic codes: " + ", ".join(Topic.values)
    )
    categories = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField(read_only=True, help_text="Language code, e.g. en or es")

    class Meta:
        model = Resource
        fields = [
            "id",
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "link",
            "language",
            "topics",
            "categories",
            "url",
            "download_url",
            "updated_at",
        ]

    link = serializers.CharField(source="url", read_only=True)

    def get_url(self, obj) -> str:
        return share.absolute(obj.get_absolute_url())

    def get_download_url(self, obj) -> str | None:
        from django.urls import reverse

        if not obj.file:
            return None
        return share.absolute(reverse("outreach:resource_download", args=[obj.slug]))


@extend_schema_view(
    list=extend_schema(
        summary="The resource library (search is accent- and case-insensitive)",
        parameters=[
            OpenApiParameter("q", str, description="Words to find in title, summary or text"),
            OpenApiParameter("topic", str, enum=Topic.values),
            OpenApiParameter("language", str, enum=["en", "es"]),
            OpenApiParameter("kind", str, enum=ResourceKind.values),
        ],
    ),
    retrieve=extend_schema(summary="One resource"),
)
class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Resource.objects.none()
    serializer_class = ResourceSerializer
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = Resource.objects.filter(is_published=True)
        params = self.request.query_params
        for term in search.terms(params.get("q", "")[:100]):
            qs = qs.filter(search_text__contains=term)
        if params.get("topic") in Topic.values:
            qs = qs.filter(topics__icontains=f'"{params["topic"]}"')
        if params.get("language"):
            qs = qs.filter(language=params["language"][:10])
        if params.get("kind") in ResourceKind.values:
            qs = qs.filter(kind=params["kind"])
        return qs.order_by("title", "pk")


class WorkshopRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkshopRequest
        fields = ["id", "area", "topic", "note", "status", "created_at"]
        read_only_fields = ["status", "created_at"]


class WorkshopRequestInput(serializers.Serializer):
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.neighborhoods())
    topic = serializers.ChoiceField(choices=Topic.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Your workshop requests (supervisors: all open requests)"),
    create=extend_schema(
        summary="Request a workshop in a neighborhood (signed-in people)",
        request=WorkshopRequestInput,
        responses={201: WorkshopRequestSerializer},
    ),
)
class WorkshopRequestViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = WorkshopRequest.objects.none()
    serializer_class = WorkshopRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        if not permissions.is_signed_in(user):
            raise NotAuthenticated()
        if permissions.can_view_workshop_requests(user):
            return WorkshopRequest.objects.filter(status="open").order_by("-created_at", "-pk")
        return WorkshopRequest.objects.filter(requested_by=user).order_by("-created_at", "-pk")

    def create(self, request):
        _signed_in(request)
        data = _valid(WorkshopRequestInput, request)
        made = services.request_workshop(by=request.user, **data)
        return Response(WorkshopRequestSerializer(made).data, status=status.HTTP_201_CREATED)
