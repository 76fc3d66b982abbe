"""``/api/v1/subscriptions/``: the signed-in person's own area subscriptions (CRUD).

Anonymous requests are refused (403, session authentication); nobody sees or edits another
person's subscriptions: the queryset is the requester's own."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets

from beatbridge.areas.models import Area

from . import permissions, services
from .forms import AREA_TOPICS
from .models import Subscription


class CanManage(drf_permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return permissions.can_manage_subscriptions(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        return permissions.can_edit_subscription(request.user, obj)


class SubscriptionSerializer(serializers.ModelSerializer):
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        allow_null=True,
        required=False,
        help_text="The area followed; null for the whole city.",
    )
    area_name = serializers.SerializerMethodField()
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=AREA_TOPICS),
        min_length=1,
        help_text="Topics followed in this area.",
    )

    class Meta:
        model = Subscription
        fields = ["id", "area", "area_name", "topics", "created_at"]
        read_only_fields = ["id", "area_name", "created_at"]

    def get_area_name(self, obj: Subscription) -> str:
        return str(obj.area) if obj.area else str(_("The whole city"))

    def validate(self, attrs):
        subscriber = self.context["subscriber"]
        if "area" in attrs:
            area = attrs["area"]
            clash = subscriber.subscriptions.filter(area=area)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError({"area": [_("You already follow this area.")]})
        if "topics" in attrs:
            attrs["topics"] = [t for t, _label in AREA_TOPICS if t in set(attrs["topics"])]
        return attrs

    def create(self, validated):
        return services.set_area_topics(
            self.context["subscriber"], validated.get("area"), validated["topics"]
        )

    def update(self, instance, validated):
        with transaction.atomic():
            if "area" in validated:
                instance.area = validated["area"]
            if "topics" in validated:
                instance.topics = validated["topics"]
            instance.save(update_fields=["area", "topics"])
        return instance


@extend_schema_view(
    list=extend_schema(summary="My area subscriptions"),
    retrieve=extend_schema(summary="One of my subscriptions"),
    create=extend_schema(summary="Follow an area (null: the whole city) for some topics"),
    update=extend_schema(summary="Change a subscription"),
    partial_update=extend_schema(summary="Change a subscription's area or topics"),
    destroy=extend_schema(summary="Stop following an area"),
)
class SubscriptionViewSet(viewsets.ModelViewSet):
    serializer_class = SubscriptionSerializer
    permission_classes = [CanManage]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return Subscription.objects.filter(subscriber__user=self.request.user).select_related(
            "area", "subscriber"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and permissions.can_manage_subscriptions(
            self.request.user
        ):
            context["subscriber"] = services.subscriber_for(self.request.user)
        return context
