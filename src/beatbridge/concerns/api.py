"""REST API for concerns and categories (/api/v1/concerns/, /api/v1/categories/).

Thin: serializers shape data, permissions.py decides, services.py acts. Personal data of
the person who reported is never part of these responses.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from beatbridge.accounts.models import User

from . import links, permissions, ratelimit, services
from .geo import public_point
from .idempotency import (
    KEY_RULE,
    IdempotencyConflict,
    IdempotencyKeyRefused,
    check_key,
    idempotent,
    request_fingerprint,
)
from .models import Category, CloseReason, Concern, ConcernUpdate
from .models.concerns import OPEN_STATUSES

#: What an id in a path may look like: a positive bigint. Anything else (``abc``, ``1.5``,
#: 20 digits) is the router's 404 instead of a 500 from the lookup or the database.
ID_REGEX = "[0-9]{1,18}"

# ---------------------------------------------------------------------------------------
# Serializers


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "name",
            "description",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "responsible_unit",
            "allows_anonymous",
            "is_public",
            "duplicate_radius_m",
            "response_target_hours",
            "attributes",
        ]


_MODEL_FIELDS: dict[type, dict[str, serializers.Field]] = {}
_DATETIME = serializers.DateTimeField()  # stateless: formats as the API's datetime fields do


class CachedFieldsMixin:
    """Build a ModelSerializer's fields once per class instead of once per instance.

    ModelSerializer introspects the model for every new serializer (about 1.5 ms for a
    concern, as much as the whole insert); the fields depend only on the class, so each
    instance gets a deep copy of the first build (DRF copies declared fields the same way).
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        if cls not in _MODEL_FIELDS:
            _MODEL_FIELDS[cls] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(_MODEL_FIELDS[cls])


class ConcernSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    """A concern as the public sees it: no names, emails, phones or user ids, and not the
    answers to extra questions (a licence plate can identify a person)."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    neighborhood = serializers.SlugRelatedField(slug_field="code", read_only=True)
    neighborhood_name = serializers.CharField(
        source="neighborhood.name", read_only=True, default=None
    )
    beat = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # An anonymous concern's point is its block for the public, exact for staff (geo.py).
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Concern
        fields = [
            "id",
            "category",
            "category_name",
            "status",
            "status_label",
            "description",
            "lat",
            "lon",
            "address",
            "neighborhood",
            "neighborhood_name",
            "beat",
            "district",
            "is_anonymous",
            "support_count",
            "referred_to",
            "close_reason",
            "duplicate_of",
            "created_at",
            "updated_at",
            "photos",
            "url",
        ]

    def to_representation(self, instance: Concern) -> dict[str, Any]:
        """The same dict DRF's generic field-by-field walk builds (a test compares the two
        on many concerns), written out: the walk costs more than the insert it reports on."""
        c = instance
        neighborhood, beat, district = c.neighborhood, c.beat, c.district
        return {
            "id": c.pk,
            "category": c.category.code,
            "category_name": str(c.category.name),
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "description": c.description,
            "lat": self.get_lat(c),
            "lon": self.get_lon(c),
            "address": c.address,
            "neighborhood": neighborhood.code if neighborhood is not None else None,
            "neighborhood_name": neighborhood.name if neighborhood is not None else None,
            "beat": beat.code if beat is not None else None,
            "district": district.code if district is not None else None,
            "is_anonymous": c.is_anonymous,
            "support_count": c.support_count,
            "referred_to": c.referred_to,
            "close_reason": c.close_reason,
            "duplicate_of": c.duplicate_of_id,
            "created_at": _DATETIME.to_representation(c.created_at),
            "updated_at": _DATETIME.to_representation(c.updated_at),
            "photos": self.get_photos(c),
            "url": self.get_url(c),
        }

    def generic_representation(self, instance: Concern) -> dict[str, Any]:
        """DRF's own field-by-field output, the reference for ``to_representation``."""
        return dict(super().to_representation(instance))

    def _viewer(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_lat(self, obj: Concern) -> float:
        return public_point(obj, self._viewer())[1]

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_lon(self, obj: Concern) -> float:
        return public_point(obj, self._viewer())[0]

    def get_photos(self, obj: Concern) -> list[str]:
        known = self.context.get("photo_urls", {})  # a concern just created: no query
        if obj.pk in known:
            return known[obj.pk]
        return [p.image.url for p in obj.photos.all()]

    def get_url(self, obj: Concern) -> str:
        return reverse("concerns:detail", args=[obj.pk])


class ConcernCreatedSerializer(ConcernSerializer):
    tracking_token = serializers.CharField(read_only=True)
    tracking_url = serializers.SerializerMethodField()

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "tracking_token", "tracking_url"]

    def to_representation(self, instance: Concern) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["tracking_token"] = instance.tracking_token
        data["tracking_url"] = self.get_tracking_url(instance)
        return data

    def generic_representation(self, instance: Concern) -> dict[str, Any]:
        return dict(serializers.ModelSerializer.to_representation(self, instance))

    def get_tracking_url(self, obj: Concern) -> str:
        return links.tracking_path(obj.tracking_token)  # /concerns/track/#<token>


class ConcernCreateSerializer(serializers.Serializer):
    """Input for a new concern. Business rules are checked by services.submit_concern."""

    category = serializers.CharField(help_text="Category code (or id).")
    description = serializers.CharField(allow_blank=True, trim_whitespace=False)
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    address = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Address or place text, used when lat/lon are absent.",
    )
    anonymous = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, default="")
    contact_email = serializers.CharField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="")
    contact_preference = serializers.CharField(required=False, allow_blank=True, default="")
    attributes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=3
    )


class ConcernUpdateSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = ConcernUpdate
        fields = [
            "id",
            "kind",
            "text",
            "old_status",
            "new_status",
            "is_public",
            "created_at",
            "author_name",
        ]

    def get_author_name(self, obj: ConcernUpdate) -> str | None:
        return obj.public_author_name


class UpdateInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    public = serializers.BooleanField(required=False, default=True)


class StatusActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    referred_to = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Rejection reason, or a CloseReason for "
        "close-without-fix: " + ", ".join(CloseReason.values),
    )
    original = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**62
    )
    officer = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**62
    )
    tracking_token = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For reopen: the secret tracking token.",
    )


class NearbySerializer(ConcernSerializer):
    distance_m = serializers.FloatField(read_only=True)

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "distance_m"]

    def to_representation(self, instance: Concern) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["distance_m"] = float(instance.distance_m)  # type: ignore[attr-defined]
        return data

    def generic_representation(self, instance: Concern) -> dict[str, Any]:
        return dict(serializers.ModelSerializer.to_representation(self, instance))


# ---------------------------------------------------------------------------------------
# Filters and views


class ConcernFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__code")
    status = django_filters.CharFilter(
        method="filter_status", help_text="A status, or 'open' / 'closed'."
    )
    neighborhood = django_filters.CharFilter(field_name="neighborhood__code")
    beat = django_filters.CharFilter(field_name="beat__code")
    district = django_filters.CharFilter(field_name="district__code")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Concern
        fields: list[str] = []

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == "closed":
            return queryset.exclude(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Active concern categories, with their extra questions."""

    serializer_class = CategorySerializer
    lookup_value_regex = ID_REGEX
    queryset = Category.objects.filter(is_active=True)
    pagination_class = None
    filterset_fields: list[str] = []


ACTION_VERBS = {
    "acknowledge": lambda c, by, d: services.acknowledge_concern(c, by=by, note=d["note"]),
    "start": lambda c, by, d: services.start_work(c, by=by, note=d["note"]),
    "refer": lambda c, by, d: services.refer_concern(c, by=by, to=d["referred_to"], note=d["note"]),
    "resolve": lambda c, by, d: services.resolve_concern(c, by=by, note=d["note"]),
    "close": lambda c, by, d: services.close_concern(c, by=by, note=d["note"]),
    "reject": lambda c, by, d: services.reject_concern(c, by=by, reason=d["reason"]),
    "close-without-fix": lambda c, by, d: services.close_without_fix(
        c, by=by, reason=d["reason"], note=d["note"]
    ),
}


def _anon_rate_limit(request: Request, scope: str) -> None:
    if request.user.is_authenticated:
        return
    retry_after = ratelimit.hit(request, scope)
    if retry_after:
        raise Throttled(wait=retry_after)


def _plain_fields(data: Any) -> dict:
    plain = {}
    for key in getattr(data, "keys", dict)():
        if key == "photos":
            continue
        plain[key] = data.getlist(key) if hasattr(data, "getlist") else data[key]
    files = data.getlist("photos") if hasattr(data, "getlist") else []
    plain["photos"] = [(getattr(f, "name", ""), getattr(f, "size", 0)) for f in files]
    return plain


def _without_secrets(body: dict) -> dict:
    """What an anonymous-scope replay may repeat: any client holding the key gets it."""
    return {k: v for k, v in body.items() if k not in ("tracking_token", "tracking_url")}


class ConcernViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Concerns residents raised. Listing shows public concerns; anyone may submit."""

    serializer_class = ConcernSerializer
    lookup_value_regex = ID_REGEX
    filterset_class = ConcernFilter

    def get_queryset(self) -> Any:
        qs = Concern.objects.select_related(
            "category", "neighborhood", "beat", "district"
        ).prefetch_related("photos")
        if self.action == "list":
            return qs.public().order_by("-created_at")
        return qs

    def get_object(self) -> Concern:
        concern = (
            Concern.objects.select_related("category", "neighborhood", "beat", "district")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if concern is None or not permissions.can_view(self.request.user, concern):
            raise NotFound
        return concern

    @extend_schema(
        request={
            "application/json": ConcernCreateSerializer,
            "multipart/form-data": ConcernCreateSerializer,
        },
        responses={201: ConcernCreatedSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=str(KEY_RULE)
                + " An anonymous report's replay leaves out tracking_token and tracking_url.",
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a concern (signed in, or anonymously where the category allows it)."""
        if not isinstance(request.data, Mapping):  # JSON [], "text", null, 42
            return Response(
                {"non_field_errors": [_("Send the concern as a JSON object or a form.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            key = check_key(request.headers.get("Idempotency-Key"))
        except IdempotencyKeyRefused as exc:
            return Response({"Idempotency-Key": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        # An anonymous report must not be linkable to the account that sent it, so its
        # idempotency record is kept in the shared anonymous scope, never the user's.
        wants_anonymity = str(request.data.get("anonymous", "")).lower() in ("true", "1", "on")
        is_signed_in = request.user.is_authenticated and not wants_anonymity
        scope = f"api:concern:{request.user.pk if is_signed_in else 'anon'}"
        fingerprint = request_fingerprint(_plain_fields(request.data)) if key else ""

        def create() -> tuple[int, dict]:
            _anon_rate_limit(request, "concern-submit")
            incoming = ConcernCreateSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
            concern = services.submit_concern(
                category=data["category"],
                description=data["description"],
                lon=data.get("lon"),
                lat=data.get("lat"),
                address=data["address"],
                by=request.user,
                anonymous=data["anonymous"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_preference=data["contact_preference"],
                photos=data["photos"],
                attributes=data["attributes"],
                source="api",
            )
            context: dict[str, Any] = {"request": request}
            if not data["photos"]:
                context["photo_urls"] = {concern.pk: []}
            body = ConcernCreatedSerializer(concern, context=context).data
            return status.HTTP_201_CREATED, dict(body)

        try:
            result = idempotent(
                scope,
                key,
                create,
                request_hash=fingerprint,
                object_id=lambda body: body["id"],
                stored_body=None if is_signed_in else _without_secrets,
            )
        except IdempotencyConflict:
            return Response(
                {"detail": _("This Idempotency-Key was already used for a different request.")},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        body = result.body
        if result.replayed and not is_signed_in:
            body = {
                **body,
                "notice": _(
                    "This report was already received. Its tracking link was in the answer "
                    "to the first request only."
                ),
            }
        response = Response(body, status=result.status)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter("category", OpenApiTypes.STR, required=True),
            OpenApiParameter("lat", OpenApiTypes.NUMBER, required=True),
            OpenApiParameter("lon", OpenApiTypes.NUMBER, required=True),
        ],
        responses=NearbySerializer(many=True),
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def nearby(self, request: Request) -> Response:
        """Open public concerns of the category near a point (duplicate suggestions)."""
        errors = {}
        category = services._category(request.query_params.get("category"))
        if category is None:
            errors["category"] = [_("Choose a category.")]
        try:
            lat = float(request.query_params.get("lat", ""))
            lon = float(request.query_params.get("lon", ""))
            from beatbridge.areas.locator import validate_lon_lat

            validate_lon_lat(lon, lat)
        except ValueError:
            errors["location"] = [_("Give lat and lon as numbers.")]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        found = services.nearby_open_concerns(category, lon, lat, limit=10, viewer=request.user)
        rows = []
        for concern, distance in found:
            concern.distance_m = round(distance, 1)
            rows.append(concern)
        return Response(NearbySerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses=ConcernUpdateSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=UpdateInputSerializer, responses={201: ConcernUpdateSerializer}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def updates(self, request: Request, pk: str | None = None) -> Response:
        """The concern's timeline (internal notes only for its officers); staff add updates."""
        concern = self.get_object()
        if request.method == "POST":
            incoming = UpdateInputSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            update = services.add_update(
                concern,
                by=request.user,
                text=incoming.validated_data["text"],
                public=incoming.validated_data["public"],
            )
            return Response(ConcernUpdateSerializer(update).data, status=status.HTTP_201_CREATED)
        qs = concern.updates.select_related("author")
        if not permissions.can_view_internal(request.user, concern):
            qs = qs.filter(is_public=True)
        return Response(ConcernUpdateSerializer(qs, many=True).data)

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "SupportResult",
                {"added": serializers.BooleanField(), "support_count": serializers.IntegerField()},
            )
        },
    )
    @action(detail=True, methods=["post"])
    def support(self, request: Request, pk: str | None = None) -> Response:
        """ "+1 / me too": once per signed-in user, or once per browser session."""
        concern = self.get_object()
        if not permissions.can_support(request.user, concern):
            raise DjangoPermissionDenied(_("You cannot support this concern."))
        key = ""
        _anon_rate_limit(request, "concern-support")
        if not request.user.is_authenticated:
            from .views import supporter_key

            key = supporter_key(request._request, create=True)
        added = services.support_concern(concern, by=request.user, anonymous_key=key)
        return Response({"added": added, "support_count": concern.support_count})

    def _status_action(self, request: Request, name: str) -> Response:
        concern = self.get_object()
        incoming = StatusActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if name == "duplicate":
            original = services.original_concern(data["original"])
            services.mark_duplicate(concern, by=request.user, original=original, note=data["note"])
        elif name == "assign":
            officer = User.objects.filter(pk=data["officer"] or 0).first()
            if data["officer"] and officer is None:
                return Response({"officer": [_("No such officer.")]}, status=400)
            services.assign_concern(concern, by=request.user, officer=officer)
        elif name == "reopen":
            from .views import supporter_key

            if data["tracking_token"]:  # a guess counts like one on the tracking page
                retry_after = ratelimit.hit(request, "concern-track", links.TRACKING_ATTEMPTS_RATE)
                if retry_after:
                    raise Throttled(wait=retry_after)
            services.reopen_concern(
                concern,
                by=request.user,
                note=data["note"],
                holds_tracking_link=permissions.matches_tracking_token(
                    concern, data["tracking_token"]
                ),
                supporter_key=supporter_key(request._request),
            )
        else:
            ACTION_VERBS[name](concern, request.user, data)
        concern.refresh_from_db()
        return Response(ConcernSerializer(concern, context={"request": request}).data)


def _make_action(name: str, doc: str) -> Any:
    def handler(self: ConcernViewSet, request: Request, pk: str | None = None) -> Response:
        return self._status_action(request, name)

    handler.__name__ = name.replace("-", "_")
    handler.__doc__ = doc
    handler = extend_schema(request=StatusActionSerializer, responses=ConcernSerializer)(handler)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)


for _name, _doc in [
    ("acknowledge", "Acknowledge (officers of the concern's beat, supervisors)."),
    ("start", "Start work."),
    ("refer", "Refer to a named city agency or partner (`referred_to`)."),
    ("resolve", "Mark resolved."),
    ("close", "Close a resolved concern."),
    ("reject", "Reject with a `reason`."),
    ("duplicate", "Mark as duplicate of concern `original`."),
    ("close-without-fix", "Close without a fix; `reason` is a CloseReason."),
    (
        "reopen",
        "Reopen (the submitter, with `tracking_token` or signed in, or a supporter) "
        "within the reopen window, with a `note`.",
    ),
    ("assign", "Assign to an `officer` (user id; null to unassign)."),
]:
    setattr(ConcernViewSet, _name.replace("-", "_"), _make_action(_name, _doc))
