"""REST API for priorities: list and propose, support, confirm the list, report back."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from beatbridge.accounts.models import User
from beatbridge.areas.models import Area

from . import services
from .models import Outcome, Priority, PriorityDecision, PriorityStatus, ReportBack


class ReportBackSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportBack
        fields = [
            "id",
            "meeting",
            "what_was_done",
            "done_by",
            "outcome",
            "status_after",
            "created_at",
        ]


class PrioritySerializer(serializers.ModelSerializer):
    area = serializers.SerializerMethodField()
    officer_owner = serializers.SerializerMethodField()
    resident_contact = serializers.SerializerMethodField()
    latest_report_back = serializers.SerializerMethodField()
    concerns = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = [
            "id",
            "area",
            "title",
            "title_es",
            "description",
            "status",
            "source",
            "concerns",
            "support_count",
            "rank",
            "officer_owner",
            "resident_contact",
            "confirmed_at",
            "latest_report_back",
            "created_at",
        ]

    def get_area(self, obj) -> dict:
        return {"kind": obj.area.kind, "code": obj.area.code, "name": obj.area.name}

    def get_officer_owner(self, obj) -> str | None:
        return obj.officer_owner.public_name if obj.officer_owner else None

    def get_resident_contact(self, obj) -> str | None:
        return obj.resident_contact.public_name if obj.resident_contact else None

    def get_latest_report_back(self, obj) -> dict | None:
        latest = obj.latest_report_back()
        return ReportBackSerializer(latest).data if latest else None


class ProposeInput(serializers.Serializer):
    area_kind = serializers.ChoiceField(choices=["neighborhood", "beat"])
    area_code = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=200)
    title_es = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The title in Spanish (blank: Spanish readers see the English one)",
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    concerns = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    keeper_code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="Proposing for a neighborhood: the code of the beat whose list it goes on "
        "(needed when several beats serve it)",
    )


class ReportBackInput(serializers.Serializer):
    what_was_done = serializers.CharField(max_length=4000)
    done_by = serializers.CharField(max_length=300)
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.UNKNOWN)
    meeting = serializers.IntegerField(required=False, allow_null=True)
    new_status = serializers.ChoiceField(
        choices=[
            PriorityStatus.ACTIVE,
            PriorityStatus.IMPROVING,
            PriorityStatus.RESOLVED,
            PriorityStatus.DROPPED,
        ],
        required=False,
        allow_null=True,
    )


class AssignInput(serializers.Serializer):
    officer_owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    resident_contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )


class ConfirmInput(serializers.Serializer):
    area_kind = serializers.ChoiceField(choices=["neighborhood", "beat"])
    area_code = serializers.CharField(max_length=64)
    chosen = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Priority ids, in order"
    )
    meeting = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = PriorityDecision
        fields = ["id", "meeting", "decided_by", "decided_at", "chosen", "dropped", "note"]

    def get_decided_by(self, obj) -> str | None:
        return obj.decided_by.public_name if obj.decided_by else None


class PrioritySupportResult(serializers.Serializer):
    added = serializers.BooleanField()
    support_count = serializers.IntegerField()


def _valid(cls, request) -> dict:
    s = cls(data=request.data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _area(kind: str, code: str) -> Area:
    return get_object_or_404(Area, kind=kind, code=code)


def _meeting(pk):
    if not pk:
        return None
    from beatbridge.meetings.models import Meeting

    return get_object_or_404(Meeting, pk=pk)


@extend_schema_view(
    list=extend_schema(
        summary="Priorities (public)",
        parameters=[
            OpenApiParameter("area", str, description="kind:code, e.g. neighborhood:1"),
            OpenApiParameter("status", str, enum=PriorityStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="One priority"),
)
class PriorityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PrioritySerializer
    lookup_value_regex = "[0-9]{1,18}"  # any other id is the router's 404, never a 500

    def get_queryset(self):
        qs = (
            Priority.objects.select_related("area", "officer_owner", "resident_contact")
            .prefetch_related("report_backs", "concerns")
            .order_by("area_id", "rank", "pk")
        )
        params = self.request.query_params
        if ":" in params.get("area", ""):
            kind, code = params["area"].split(":", 1)
            qs = qs.filter(area__kind=kind, area__code=code)
        if params.get("status") in PriorityStatus.values:
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(
        summary="Propose a priority (signed in)",
        request=ProposeInput,
        responses={201: PrioritySerializer},
    )
    def create(self, request):
        from beatbridge.concerns.models import Concern

        data = _valid(ProposeInput, request)
        area = _area(data["area_kind"], data["area_code"])
        concerns = list(Concern.objects.public().filter(pk__in=data["concerns"]))
        if len(concerns) != len(set(data["concerns"])):
            raise serializers.ValidationError({"concerns": [_("Unknown concern.")]})
        keeper = None
        if data["keeper_code"]:
            from beatbridge.areas.patrol import patrol_kind

            keeper = _area(patrol_kind(), data["keeper_code"])
        priority = services.propose_priority(
            area,
            title=data["title"],
            title_es=data["title_es"],
            description=data["description"],
            concerns=concerns,
            keeper=keeper,
            by=request.user,
        )
        return Response(PrioritySerializer(priority).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Support a proposed priority (signed in)",
        request=None,
        responses=PrioritySupportResult,
    )
    @action(detail=True, methods=["post"])
    def support(self, request, pk=None):
        priority = get_object_or_404(Priority, pk=pk)
        added = services.support_priority(priority, by=request.user)
        return Response({"added": added, "support_count": priority.support_count})

    @extend_schema(
        methods=["GET"],
        summary="The priority's history of report-backs",
        responses=ReportBackSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Report back (officers, resident contact)",
        request=ReportBackInput,
        responses={201: ReportBackSerializer},
    )
    # The history is one priority's handful of entries: a bare list, as the schema says.
    @action(detail=True, methods=["get", "post"], url_path="report-backs", pagination_class=None)
    def report_backs(self, request, pk=None):
        priority = get_object_or_404(Priority.objects.select_related("area"), pk=pk)
        if request.method == "GET":
            return Response(ReportBackSerializer(priority.report_backs.all(), many=True).data)
        data = _valid(ReportBackInput, request)
        entry = services.report_back(
            priority, meeting=_meeting(data.pop("meeting", None)), by=request.user, **data
        )
        return Response(ReportBackSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Set the officer owner and resident contact",
        request=AssignInput,
        responses=PrioritySerializer,
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        priority = get_object_or_404(Priority.objects.select_related("area"), pk=pk)
        data = _valid(AssignInput, request)
        priority = services.assign_priority(priority, by=request.user, **data)
        return Response(PrioritySerializer(priority).data)

    @extend_schema(
        summary="Confirm an area's priority list at a meeting (officers)",
        request=ConfirmInput,
        responses={201: DecisionSerializer},
    )
    @action(detail=False, methods=["post"])
    def confirm(self, request):
        data = _valid(ConfirmInput, request)
        area = _area(data["area_kind"], data["area_code"])
        chosen_ids = data["chosen"]
        found = {p.pk: p for p in Priority.objects.filter(area=area, pk__in=chosen_ids)}
        if len(found) != len(set(chosen_ids)):
            raise serializers.ValidationError({"chosen": [_("Choose priorities of this area.")]})
        decision = services.confirm_priorities(
            area,
            chosen=[found[i] for i in chosen_ids],
            meeting=_meeting(data.get("meeting")),
            note=data["note"],
            by=request.user,
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
