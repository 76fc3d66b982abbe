"""REST API for tips.

* ``POST /api/v1/tips/``: anyone sends a tip (anonymous unless ``identify``); honours an
  ``Idempotency-Key`` header (at least 128 random bits, else 400; reused for another request,
  422; a replay answers ``Idempotent-Replayed: true`` without the code, which only the first
  answer carries); rate-limited per client (429 with ``Retry-After``).
* ``GET|POST /api/v1/tips/conversation/``: the tipster reads and replies with the secret code,
  sent in the ``X-Tip-Code`` header or in the JSON body, never in the URL.
* Staff (officers of the tip's district, supervisors): ``GET /api/v1/tips/`` (no content,
  so listing is not a read), ``GET|PATCH /api/v1/tips/{id}/`` (every GET is audit-logged),
  ``POST /api/v1/tips/{id}/messages/``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from beatbridge.areas.models import Area, AreaKind
from beatbridge.core.api_pagination import BoundedLimitOffsetPagination

from ..idempotency import KEY_RULE, IdempotencyConflict, IdempotencyKeyRefused, check_key
from ..models import Category, Tip, TipMessage, TipStatus
from ..ratelimit import hit
from . import permissions, services

CODE_HEADER = "X-Tip-Code"


class TipSubmitSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=8000)
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    location_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(kind=AreaKind.DISTRICT),
        required=False,
        allow_null=True,
    )
    identify = serializers.BooleanField(required=False, default=False)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TipCreatedSerializer(serializers.Serializer):
    code = serializers.CharField(
        allow_null=True,
        help_text="The secret code: in the first answer only (null when Idempotent-Replayed).",
    )
    status = serializers.CharField()
    received_hour = serializers.DateTimeField()
    is_anonymous = serializers.BooleanField()
    notice = serializers.CharField()


class MessageSerializer(serializers.ModelSerializer):
    sender = serializers.SerializerMethodField()

    class Meta:
        model = TipMessage
        fields = ["id", "from_tipster", "sender", "body", "sent_hour"]

    def get_sender(self, message: TipMessage) -> str:
        if message.from_tipster:
            return "tipster"
        return "police"


class StaffMessageSerializer(MessageSerializer):
    author = serializers.SerializerMethodField()

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "author"]

    def get_author(self, message: TipMessage) -> str | None:
        return str(message.author) if message.author_id else None


class TipsterViewSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    messages = MessageSerializer(many=True, read_only=True)
    can_reply = serializers.SerializerMethodField()

    class Meta:
        model = Tip
        fields = [
            "status",
            "received_hour",
            "category",
            "body",
            "location_text",
            "messages",
            "can_reply",
        ]

    def get_can_reply(self, tip: Tip) -> bool:
        return permissions.can_tipster_reply(tip)


class TipListSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    beat = serializers.SlugRelatedField(slug_field="code", read_only=True)
    message_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tip
        fields = [
            "id",
            "status",
            "received_hour",
            "category",
            "district",
            "beat",
            "is_anonymous",
            "message_count",
        ]


class TipDetailSerializer(TipListSerializer):
    messages = StaffMessageSerializer(many=True, read_only=True)
    submitted_by = serializers.SerializerMethodField()

    class Meta(TipListSerializer.Meta):
        fields = [
            *TipListSerializer.Meta.fields,
            "body",
            "location_text",
            "lon",
            "lat",
            "contact",
            "submitted_by",
            "messages",
        ]

    def get_submitted_by(self, tip: Tip) -> str | None:
        return tip.submitted_by.email if tip.submitted_by_id else None


class TipUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TipStatus.choices, required=False)
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(kind=AreaKind.DISTRICT),
        required=False,
        allow_null=True,
    )


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=8000)


class ConversationRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, required=False)
    body = serializers.CharField(max_length=8000, required=False)


def _private(response: Response) -> Response:
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True
    return response


class TipListCreate(APIView):
    """Send a tip (anyone) or list the tips you may see (officers and supervisors)."""

    @extend_schema(
        request=TipSubmitSerializer,
        responses={201: TipCreatedSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=str(KEY_RULE),
            )
        ],
        summary="Send a tip (anonymous by default)",
    )
    def post(self, request: Request) -> Response:
        try:
            key = check_key(request.headers.get("Idempotency-Key"))
        except IdempotencyKeyRefused as exc:
            return _private(Response({"Idempotency-Key": [str(exc)]}, status=400))
        serializer = TipSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        retry_after = hit(request, "tip")
        if retry_after:
            raise Throttled(wait=retry_after)
        try:
            submitted = services.submit_tip(
                by=request.user, idempotency_key=key, **serializer.validated_data
            )
        except IdempotencyConflict:
            return _private(
                Response(
                    {"detail": _("This Idempotency-Key was already used for a different request.")},
                    status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                )
            )
        if submitted.replayed:
            notice = _(
                "This tip was already received. Its code was shown only in the answer to the "
                "first request and cannot be shown again. If you did not get it, send your tip "
                "again with a new Idempotency-Key to get a new code."
            )
        else:
            notice = _(
                "Keep this code: it is the only way back to your tip. We keep no copy; "
                "if you lose it, you lose access. Read and reply at /api/v1/tips/conversation/ "
                "with the code in the %(header)s header or in the request body."
            ) % {"header": CODE_HEADER}
        body = {
            "code": submitted.code or None,
            "status": submitted.tip.status,
            "received_hour": submitted.tip.received_hour,
            "is_anonymous": submitted.tip.is_anonymous,
            "notice": notice,
        }
        response = Response(TipCreatedSerializer(body).data, status=status.HTTP_201_CREATED)
        if submitted.replayed:
            response["Idempotent-Replayed"] = "true"
        return _private(response)

    @extend_schema(responses=TipListSerializer(many=True), summary="Tips you may see (staff)")
    def get(self, request: Request) -> Response:
        if not permissions.can_use_tip_inbox(request.user):
            raise PermissionDenied
        tips = (
            permissions.visible_tips(request.user)
            .select_related("category", "district", "beat")
            .annotate(message_count=Count("messages"))
        )
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in TipStatus.values:
                return Response(
                    {
                        "status": [
                            _("Choose one of: %(values)s") % {"values": ", ".join(TipStatus.values)}
                        ]
                    },
                    status=400,
                )
            tips = tips.filter(status=wanted)
        paginator = BoundedLimitOffsetPagination()
        page = paginator.paginate_queryset(tips, request, view=self)
        return paginator.get_paginated_response(TipListSerializer(page, many=True).data)


def _staff_tip(request: Request, pk: int) -> Tip:
    if not permissions.can_use_tip_inbox(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.visible_tips(request.user)
        .select_related("category", "district", "beat", "submitted_by")
        .annotate(message_count=Count("messages")),
        pk=pk,
    )


class TipDetail(APIView):
    """Read a tip (audit-logged) or change its status / district (staff)."""

    @extend_schema(responses=TipDetailSerializer, summary="Read a tip (staff, audit-logged)")
    def get(self, request: Request, pk: int) -> Response:
        tip = services.read_tip(_staff_tip(request, pk), by=request.user)
        return _private(Response(TipDetailSerializer(tip).data))

    @extend_schema(
        request=TipUpdateSerializer,
        responses=TipListSerializer,
        summary="Change a tip's status or district (staff)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        tip = _staff_tip(request, pk)
        serializer = TipUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "status" in data:
            services.change_tip_status(tip, data["status"], by=request.user)
        if "district" in data:
            services.route_tip(tip, data["district"], by=request.user)
        tip.message_count = tip.messages.count()
        return Response(TipListSerializer(tip).data)


class TipMessages(APIView):
    """An officer writes to the tipster."""

    @extend_schema(
        request=ReplySerializer,
        responses={201: StaffMessageSerializer},
        summary="Write to the tipster (staff)",
    )
    def post(self, request: Request, pk: int) -> Response:
        tip = _staff_tip(request, pk)
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.reply_to_tip(tip, serializer.validated_data["body"], by=request.user)
        return Response(StaffMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class TipConversation(APIView):
    """The tipster's side: the code goes in the X-Tip-Code header or the body, not the URL."""

    def _attempt(self, request: Request) -> None:
        retry_after = hit(request, "tip-code", services.CODE_ATTEMPTS_RATE)
        if retry_after:
            raise Throttled(wait=retry_after)

    @extend_schema(
        parameters=[
            OpenApiParameter(CODE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)
        ],
        responses=TipsterViewSerializer,
        summary="Read your tip and the officers' messages (tipster)",
    )
    def get(self, request: Request) -> Response:
        self._attempt(request)
        tip = services.tip_for_code(request.headers.get(CODE_HEADER))
        return _private(Response(TipsterViewSerializer(tip).data))

    @extend_schema(
        request=ConversationRequestSerializer,
        responses={200: TipsterViewSerializer, 201: TipsterViewSerializer},
        summary="Read (code only) or reply (code and body) as the tipster",
    )
    def post(self, request: Request) -> Response:
        self._attempt(request)
        serializer = ConversationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = serializer.validated_data.get("code") or request.headers.get(CODE_HEADER)
        body = serializer.validated_data.get("body")
        if body is None:
            tip = services.tip_for_code(code)
            return _private(Response(TipsterViewSerializer(tip).data))
        message = services.reply_as_tipster(code, body)
        data = TipsterViewSerializer(message.tip).data
        return _private(Response(data, status=status.HTTP_201_CREATED))
