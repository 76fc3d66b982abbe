"""REST API for meetings: meetings and series, RSVPs, attendance, agendas, proposals, minutes.

Permissions come from permissions.py through the verbs: residents (and visitors with a name
and email) RSVP; signed-in people propose agenda items; officers and a meeting's resident
facilitator run it (attendance, agenda, minutes); supervisors may do everything.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from beatbridge.accounts.models import Organization, User
from beatbridge.areas.models import Area

# The anonymous-submission rate limit lives in concerns (the first app that needed it).
from beatbridge.core import ratelimit

from . import permissions, services
from .models import (
    AGE_BANDS,
    HOME_LANGUAGES,
    RSVP,
    TENURES,
    Agenda,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Minutes,
    Proposal,
)

# --- Serializers -------------------------------------------------------------------------


class AreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "kind", "code", "name"]


class MeetingSerializer(serializers.ModelSerializer):
    areas = AreaRefSerializer(many=True, read_only=True)
    host_officer = serializers.SerializerMethodField()
    host_facilitator = serializers.SerializerMethodField()
    spots_left = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "title_es",
            "description",
            "areas",
            "starts_at",
            "ends_at",
            "status",
            "cancel_reason",
            "address",
            "lon",
            "lat",
            "accessibility_notes",
            "online_url",
            "languages",
            "host_officer",
            "host_facilitator",
            "host_organization",
            "capacity",
            "spots_left",
            "series",
            "sequence",
            "route",
            "taught",
            "head_count",
            "resources",
            "url",
            "ics_url",
            "updated_at",
        ]

    def get_host_officer(self, obj) -> str | None:
        return obj.host_officer.public_name if obj.host_officer else None

    def get_host_facilitator(self, obj) -> str | None:
        return obj.host_facilitator.public_name if obj.host_facilitator else None

    def get_spots_left(self, obj) -> int | None:
        return obj.spots_left()

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_ics_url(self, obj) -> str:
        return f"/meetings/{obj.pk}/calendar.ics"


class MeetingDetailsInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    title_es = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Spanish title; blank means Spanish readers see the English one.",
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    areas = serializers.PrimaryKeyRelatedField(many=True, queryset=Area.objects.all())
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    accessibility_notes = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c, _l in HOME_LANGUAGES]),
        required=False,
        default=list,
    )
    host_facilitator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    host_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class MeetingInput(MeetingDetailsInput):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class MeetingPatchInput(MeetingInput):
    """Any subset of the meeting's fields; changing the times moves it."""


class SeriesSerializer(serializers.ModelSerializer):
    areas = AreaRefSerializer(many=True, read_only=True)
    rule = serializers.CharField(source="rule_text", read_only=True)

    class Meta:
        model = MeetingSeries
        fields = [
            "id",
            "kind",
            "title",
            "title_es",
            "description",
            "areas",
            "frequency",
            "interval",
            "weekday",
            "ordinal",
            "day_of_month",
            "start_time",
            "duration_minutes",
            "starts_on",
            "until",
            "address",
            "lon",
            "lat",
            "online_url",
            "languages",
            "capacity",
            "rule",
        ]


class SeriesInput(MeetingDetailsInput):
    frequency = serializers.ChoiceField(choices=["weekly", "monthly_weekday", "monthly_day"])
    interval = serializers.IntegerField(min_value=1, max_value=12, default=1)
    weekday = serializers.IntegerField(min_value=0, max_value=6, required=False, allow_null=True)
    ordinal = serializers.IntegerField(
        required=False, allow_null=True, help_text="1–4, or -1 for the last one in the month"
    )
    day_of_month = serializers.IntegerField(
        min_value=1, max_value=31, required=False, allow_null=True
    )
    start_time = serializers.TimeField(help_text="Local wall-clock time (settings.TIME_ZONE)")
    duration_minutes = serializers.IntegerField(min_value=10, max_value=1440, default=90)
    starts_on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True)


class MoveInput(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RSVPInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    age_band = serializers.ChoiceField(choices=AGE_BANDS, required=False, allow_blank=True)
    tenure = serializers.ChoiceField(choices=TENURES, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=HOME_LANGUAGES, required=False, allow_blank=True)


class RSVPPublicSerializer(serializers.ModelSerializer):
    """What the person who RSVP'd gets back, including their secret cancel token."""

    cancel_token = serializers.CharField(allow_null=True)

    class Meta:
        model = RSVP
        fields = ["id", "meeting", "name", "status", "cancel_token", "created_at"]


class RSVPRequestedSerializer(serializers.Serializer):
    """The answer to an RSVP by email: the same whether or not the address already had one."""

    meeting = serializers.IntegerField()
    detail = serializers.CharField()


class ConfirmRSVPInput(serializers.Serializer):
    token = serializers.CharField(max_length=300)


class RSVPSerializer(serializers.ModelSerializer):
    attended = serializers.SerializerMethodField()

    class Meta:
        model = RSVP
        fields = [
            "id",
            "name",
            "email",
            "status",
            "created_at",
            "promoted_at",
            "reminder_sent_at",
            "attended",
            "age_band",
            "tenure",
            "language",
        ]

    def get_attended(self, obj) -> bool:
        return hasattr(obj, "attendance")


class CancelRSVPInput(serializers.Serializer):
    token = serializers.CharField(max_length=64)


class WalkInInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    age_band = serializers.ChoiceField(choices=AGE_BANDS, required=False, allow_blank=True)
    tenure = serializers.ChoiceField(choices=TENURES, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=HOME_LANGUAGES, required=False, allow_blank=True)


class AttendanceInput(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(),
        default=list,
        help_text="Ids of the RSVPs who came (the full list).",
    )
    walk_ins = WalkInInput(many=True, required=False, default=list)


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "name", "rsvp", "is_walk_in", "recorded_at"]


class AttendanceSummarySerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    attended = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    attended_with_rsvp = serializers.IntegerField()
    people = AttendanceSerializer(many=True, required=False)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "section", "title", "body", "data"]


class AgendaSerializer(serializers.ModelSerializer):
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Agenda
        fields = [
            "meeting",
            "status",
            "period_start",
            "period_end",
            "generated_at",
            "published_at",
            "items",
        ]


class AgendaActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["generate", "publish", "unpublish"])


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = ["id", "meeting", "title", "details", "status", "agenda_item", "created_at"]
        read_only_fields = ["meeting", "status", "agenda_item", "created_at"]


class ProposalDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "merge", "decline"])
    merge_into = serializers.IntegerField(required=False, allow_null=True)


class MinutesSerializer(serializers.ModelSerializer):
    questions = serializers.SerializerMethodField()
    action_items = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "meeting",
            "status",
            "summary",
            "decisions",
            "attendance_count",
            "approved_at",
            "questions",
            "action_items",
        ]

    def get_questions(self, obj) -> list[dict]:
        return [{"question": q.question, "answer": q.answer} for q in obj.questions.all()]

    def get_action_items(self, obj) -> list[dict]:
        return [
            {
                "id": a.pk,
                "description": a.description,
                "owner_user": a.owner_user.public_name if a.owner_user else None,
                "owner_organization": a.owner_organization_id,
                "due_on": a.due_on,
                "status": a.status,
            }
            for a in obj.action_items.all()
        ]


class MinutesInput(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = serializers.CharField(required=False, allow_blank=True, default="")
    attendance_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class QuestionInput(serializers.Serializer):
    question = serializers.CharField(max_length=2000)
    answer = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ActionItemInput(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    owner_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    owner_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False, allow_null=True)


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Views -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Meetings and events (public)",
        parameters=[
            OpenApiParameter("kind", str, enum=MeetingKind.values),
            OpenApiParameter("area", str, description="kind:code, e.g. beat:0111"),
            OpenApiParameter("upcoming", bool, description="Only meetings not yet over"),
        ],
    ),
    retrieve=extend_schema(summary="One meeting"),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    lookup_value_regex = "[0-9]{1,18}"  # any other id is the router's 404, never a 500
    filterset_fields: list[str] = []

    def get_queryset(self):
        qs = (
            Meeting.objects.prefetch_related("areas")
            .select_related("host_officer", "host_facilitator")
            .order_by("starts_at", "pk")
        )
        params = self.request.query_params
        if params.get("kind") in MeetingKind.values:
            qs = qs.filter(kind=params["kind"])
        if ":" in params.get("area", ""):
            kind, code = params["area"].split(":", 1)
            qs = qs.filter(areas__kind=kind, areas__code=code).distinct()
        if params.get("upcoming") in ("1", "true"):
            qs = qs.filter(ends_at__gte=timezone.now())
        return qs

    def _meeting(self) -> Meeting:
        return get_object_or_404(Meeting.objects.prefetch_related("areas"), pk=self.kwargs["pk"])

    @extend_schema(
        summary="Schedule a meeting (officers)",
        request=MeetingInput,
        responses={201: MeetingSerializer},
    )
    def create(self, request):
        data = _valid(MeetingInput, request)
        meeting = services.schedule_meeting(by=request.user, **data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a meeting; changing the times moves it (attendees are told)",
        request=MeetingPatchInput,
        responses=MeetingSerializer,
    )
    def partial_update(self, request, pk=None):
        meeting = self._meeting()
        if not permissions.can_manage_meeting(request.user, meeting):
            raise PermissionDenied
        data = _valid(MeetingPatchInput, request, partial=True)
        with transaction.atomic():
            starts, ends = data.pop("starts_at", None), data.pop("ends_at", None)
            if starts or ends:
                meeting = services.move_meeting(
                    meeting, starts_at=starts or meeting.starts_at, ends_at=ends, by=request.user
                )
            if data:
                meeting = services.update_meeting(meeting, by=request.user, **data)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        summary="Move to a new time (attendees are told)",
        request=MoveInput,
        responses=MeetingSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        meeting = services.move_meeting(
            self._meeting(), by=request.user, **_valid(MoveInput, request)
        )
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        summary="Cancel (stays in feeds as STATUS:CANCELLED)",
        request=CancelInput,
        responses=MeetingSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        meeting = services.cancel_meeting(
            self._meeting(), by=request.user, **_valid(CancelInput, request)
        )
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        methods=["GET"],
        summary="Who is coming (people running the meeting)",
        responses=RSVPSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="RSVP, with or without an account",
        description=(
            "Signed in with your own email: the place is taken at once (201, or 200 with "
            "the RSVP you already had). Any other email: 202 with the same answer whether "
            "or not the address already has an RSVP; a link is emailed to it and the place "
            "is taken only when the link is followed (`POST /api/v1/rsvps/confirm/`). "
            "RSVPs by email are rate-limited per client (429)."
        ),
        request=RSVPInput,
        responses={
            201: RSVPPublicSerializer,
            200: RSVPPublicSerializer,
            202: RSVPRequestedSerializer,
        },
    )
    @action(detail=True, methods=["get", "post"])
    def rsvps(self, request, pk=None):
        meeting = self._meeting()
        if request.method == "GET":
            return Response(
                RSVPSerializer(services.rsvps_for(meeting, by=request.user), many=True).data
            )
        data = _valid(RSVPInput, request)
        email = data["email"] or getattr(request.user, "email", "")
        if services.needs_confirmation(request.user, email):
            retry_after = ratelimit.hit(
                request, "meeting-rsvp", settings.BEATBRIDGE.get("RSVP_RATE_LIMIT")
            )
            if retry_after:
                raise Throttled(wait=retry_after)
        reservation = services.rsvp(
            meeting,
            name=data["name"],
            email=data["email"],
            user=request.user,
            demographics={k: data.get(k, "") for k in ("age_band", "tenure", "language")},
        )
        if reservation.needs_confirmation:
            # Nothing about the address's RSVP (name, status, cancel link), new or not.
            body = {
                "meeting": meeting.pk,
                "detail": _(
                    "We sent a link to that email address. The place is held once it is followed."
                ),
            }
            return Response(body, status=status.HTTP_202_ACCEPTED)
        body = RSVPPublicSerializer(reservation).data
        return Response(
            body, status=status.HTTP_201_CREATED if reservation.was_created else status.HTTP_200_OK
        )

    @extend_schema(
        methods=["GET"],
        summary="Attendance counts and sign-ins",
        responses=AttendanceSummarySerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary="Record the sign-in sheet",
        request=AttendanceInput,
        responses=AttendanceSummarySerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        meeting = self._meeting()
        if not permissions.can_take_attendance(request.user, meeting):
            raise PermissionDenied
        if request.method == "POST":
            data = _valid(AttendanceInput, request)
            services.take_attendance(
                meeting,
                present_rsvp_ids=data["present"],
                walk_ins=data["walk_ins"],
                by=request.user,
            )
        summary = services.attendance_counts(meeting)
        summary["people"] = AttendanceSerializer(meeting.attendances.all(), many=True).data
        return Response(summary)

    @extend_schema(
        methods=["GET"],
        summary="The agenda (published, or the draft for runners)",
        responses=AgendaSerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary="Generate, publish or unpublish the agenda",
        request=AgendaActionInput,
        responses=AgendaSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def agenda(self, request, pk=None):
        meeting = self._meeting()
        if request.method == "POST":
            what = _valid(AgendaActionInput, request)["action"]
            if what == "generate":
                services.generate_agenda(meeting, by=request.user)
            else:
                services.publish_agenda(meeting, by=request.user, publish=what == "publish")
        agenda = Agenda.objects.filter(meeting=meeting).prefetch_related("items").first()
        if agenda is None or not permissions.can_view_agenda(request.user, agenda):
            return Response(
                {"detail": _("No published agenda yet.")}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(AgendaSerializer(agenda).data)

    @extend_schema(
        methods=["GET"],
        summary="Agenda proposals (people running the meeting)",
        responses=ProposalSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Propose an agenda item (signed in)",
        request=ProposalSerializer,
        responses={201: ProposalSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def proposals(self, request, pk=None):
        meeting = self._meeting()
        if request.method == "GET":
            if not permissions.can_decide_proposal(request.user, meeting):
                raise PermissionDenied
            return Response(ProposalSerializer(meeting.proposals.all(), many=True).data)
        data = _valid(ProposalSerializer, request)
        proposal = services.propose_agenda_item(
            meeting, by=request.user, title=data["title"], details=data.get("details", "")
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Minutes (published, or the draft for runners)",
        responses=MinutesSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        summary="Write the draft minutes",
        request=MinutesInput,
        responses=MinutesSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def minutes(self, request, pk=None):
        meeting = self._meeting()
        if request.method == "PUT":
            services.save_minutes(meeting, by=request.user, **_valid(MinutesInput, request))
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None or not permissions.can_view_minutes(request.user, minutes):
            return Response(
                {"detail": _("No published minutes yet.")}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(MinutesSerializer(minutes).data)

    @extend_schema(
        summary="Approve and publish the minutes (officers)",
        request=None,
        responses=MinutesSerializer,
    )
    @action(detail=True, methods=["post"], url_path="minutes/approve")
    def approve_minutes(self, request, pk=None):
        minutes = services.approve_minutes(self._meeting(), by=request.user)
        return Response(MinutesSerializer(minutes).data)

    @extend_schema(
        summary="Add a question and its answer to the minutes",
        request=QuestionInput,
        responses={201: MinutesSerializer},
    )
    @action(detail=True, methods=["post"], url_path="minutes/questions")
    def add_question(self, request, pk=None):
        meeting = self._meeting()
        entry = services.add_question(meeting, by=request.user, **_valid(QuestionInput, request))
        return Response(MinutesSerializer(entry.minutes).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an action item (owner person or organization, due date)",
        request=ActionItemInput,
        responses={201: MinutesSerializer},
    )
    @action(detail=True, methods=["post"], url_path="minutes/action-items")
    def add_action_item(self, request, pk=None):
        meeting = self._meeting()
        item = services.add_action_item(
            meeting, by=request.user, **_valid(ActionItemInput, request)
        )
        return Response(MinutesSerializer(item.minutes).data, status=status.HTTP_201_CREATED)


class ProposalDecisionView(viewsets.ViewSet):
    @extend_schema(
        summary="Accept, merge or decline a resident's agenda proposal",
        request=ProposalDecisionInput,
        responses=ProposalSerializer,
    )
    def create(self, request, pk=None):
        proposal = get_object_or_404(Proposal.objects.select_related("meeting"), pk=pk)
        data = _valid(ProposalDecisionInput, request)
        merge_into = None
        if data.get("merge_into"):
            merge_into = AgendaItem.objects.filter(
                pk=data["merge_into"], agenda__meeting=proposal.meeting
            ).first()
        proposal = services.decide_proposal(
            proposal, decision=data["decision"], merge_into=merge_into, by=request.user
        )
        return Response(ProposalSerializer(proposal).data)


@extend_schema_view(
    list=extend_schema(summary="Recurring meeting series (public)"),
    retrieve=extend_schema(summary="One series"),
)
class SeriesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SeriesSerializer
    lookup_value_regex = "[0-9]{1,18}"  # any other id is the router's 404, never a 500
    queryset = MeetingSeries.objects.prefetch_related("areas").order_by("pk")

    @extend_schema(
        summary="Create a recurring series and its occurrences (officers)",
        request=SeriesInput,
        responses={201: SeriesSerializer},
    )
    def create(self, request):
        data = _valid(SeriesInput, request)
        series = services.create_series(by=request.user, **data)
        return Response(SeriesSerializer(series).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="The series' occurrences", responses=MeetingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def occurrences(self, request, pk=None):
        series = get_object_or_404(MeetingSeries, pk=pk)
        meetings = series.meetings.prefetch_related("areas").order_by("starts_at")
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)


class ConfirmRSVPView(viewsets.ViewSet):
    @extend_schema(
        summary="Confirm an RSVP with the signed token from the emailed link",
        description="Single use and expiring; a confirmed RSVP takes a place or joins the "
        "wait list.",
        request=ConfirmRSVPInput,
        responses=RSVPPublicSerializer,
    )
    def create(self, request):
        token = _valid(ConfirmRSVPInput, request)["token"]
        return Response(RSVPPublicSerializer(services.confirm_rsvp(token)).data)


class CancelRSVPView(viewsets.ViewSet):
    @extend_schema(
        summary="Cancel an RSVP with the secret token from the email",
        request=CancelRSVPInput,
        responses=RSVPPublicSerializer,
    )
    def create(self, request):
        token = _valid(CancelRSVPInput, request)["token"]
        reservation = get_object_or_404(RSVP, cancel_token=token)
        reservation = services.cancel_rsvp(reservation, by=request.user)
        return Response(RSVPPublicSerializer(reservation).data)
