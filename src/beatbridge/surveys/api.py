"""REST API for surveys: surveys and questions (staff), waves, invitations (staff),
responses (submit only) and results (suppressed-safe aggregates, public)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from beatbridge.areas.models import Area

from . import permissions, results, services
from .models import Choice, Question, QuestionKind, Survey, SurveyStatus, Wave


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["value", "label_en", "label_es"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "order", "code", "kind", "text_en", "text_es", "required", "choices"]


class WaveSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Wave
        fields = ["id", "survey", "name", "opens_on", "closes_on", "is_open"]

    def get_is_open(self, obj) -> bool:
        return obj.is_open()


class SurveySerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    waves = WaveSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title_en",
            "title_es",
            "intro_en",
            "intro_es",
            "status",
            "questions",
            "waves",
        ]
        read_only_fields = ["status"]


class SurveyInput(serializers.Serializer):
    title_en = serializers.CharField(max_length=200)
    title_es = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    intro_en = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    intro_es = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    standard_module = serializers.BooleanField(required=False, default=False)


class SurveyChoiceInput(serializers.Serializer):
    value = serializers.SlugField(max_length=40)
    label_en = serializers.CharField(max_length=200)
    label_es = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SurveyQuestionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    code = serializers.RegexField(r"^[a-z0-9_-]{1,40}$")
    text_en = serializers.CharField(max_length=400)
    text_es = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    required = serializers.BooleanField(required=False, default=False)
    choices = SurveyChoiceInput(many=True, required=False, default=list)


class SurveyWaveInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class SurveyInvitationInput(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=5000)
    purpose = serializers.ChoiceField(choices=["mailing", "meeting"], default="mailing")


class SurveyInvitationResult(serializers.Serializer):
    tokens = serializers.ListField(child=serializers.CharField(), help_text="Shown once")
    links = serializers.ListField(child=serializers.CharField())


class SurveyResponseInput(serializers.Serializer):
    answers = serializers.DictField(
        help_text="Question code → value (a number, a choice value, a list of choice values "
        "for multiple choice, text, or a neighborhood code / 5-digit ZIP)"
    )
    token = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=["en", "es"], default="en")


class SurveyResponseResult(serializers.Serializer):
    received = serializers.BooleanField()


def _valid(cls, request) -> dict:
    s = cls(data=request.data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


@extend_schema_view(
    list=extend_schema(summary="Surveys (staff)"),
    retrieve=extend_schema(summary="One survey with its questions and waves (staff)"),
)
class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SurveySerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        if not permissions.can_view_staff_results(self.request.user):
            raise PermissionDenied
        return Survey.objects.prefetch_related("questions__choices", "waves").order_by("-pk")

    @extend_schema(
        summary="Create a survey (supervisors, admins)",
        request=SurveyInput,
        responses={201: SurveySerializer},
    )
    def create(self, request):
        data = _valid(SurveyInput, request)
        standard = data.pop("standard_module")
        survey = services.create_survey(by=request.user, **data)
        if standard:
            services.add_standard_module(survey, by=request.user)
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add the standard trust & safety module", request=None, responses=SurveySerializer
    )
    @action(detail=True, methods=["post"], url_path="standard-module")
    def standard_module(self, request, pk=None):
        survey = get_object_or_404(Survey, pk=pk)
        services.add_standard_module(survey, by=request.user)
        return Response(SurveySerializer(survey).data)

    @extend_schema(
        summary="Add a question", request=SurveyQuestionInput, responses={201: QuestionSerializer}
    )
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        survey = get_object_or_404(Survey, pk=pk)
        data = _valid(SurveyQuestionInput, request)
        data["choices"] = [(c["value"], c["label_en"], c["label_es"]) for c in data["choices"]]
        question = services.add_question(survey, data, by=request.user)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Open a wave", request=SurveyWaveInput, responses={201: WaveSerializer})
    @action(detail=True, methods=["post"])
    def waves(self, request, pk=None):
        survey = get_object_or_404(Survey, pk=pk)
        data = _valid(SurveyWaveInput, request)
        wave = services.open_wave(survey, by=request.user, **data)
        return Response(WaveSerializer(wave).data, status=status.HTTP_201_CREATED)


def _area(value: str):
    if not value or value == "city":
        return None
    kind, _sep, code = value.partition(":")
    if kind not in ("neighborhood", "beat", "district"):
        raise serializers.ValidationError(
            {"area": ["Use neighborhood:<code>, beat:<code>, district:<code> or city."]}
        )
    return get_object_or_404(Area.objects.defer("geometry"), kind=kind, code=code[:64])


@extend_schema_view(
    list=extend_schema(summary="Waves of active surveys (public)"),
    retrieve=extend_schema(summary="One wave (public)"),
)
class WaveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = WaveSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            Wave.objects.filter(survey__status=SurveyStatus.ACTIVE, survey__is_pulse=False)
            .select_related("survey")
            .order_by("-opens_on", "-pk")
        )

    @extend_schema(
        summary="Suppressed-safe results of a wave for an area (public)",
        parameters=[
            OpenApiParameter(
                "area",
                str,
                description="city (default), neighborhood:<code>, beat:<code>, district:<code>",
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        wave = get_object_or_404(self.get_queryset(), pk=pk)
        data = results.wave_results(wave, _area(request.query_params.get("area", "")))
        data["trend"] = results.trend(wave.survey, _area(request.query_params.get("area", "")))
        return Response(data)

    @extend_schema(
        summary="Create single-use invitation links (supervisors, admins)",
        request=SurveyInvitationInput,
        responses={201: SurveyInvitationResult},
    )
    @action(detail=True, methods=["post"])
    def invitations(self, request, pk=None):
        from .notifications import answer_url

        wave = get_object_or_404(Wave, pk=pk)
        data = _valid(SurveyInvitationInput, request)
        tokens = services.create_invitations(wave, by=request.user, **data)
        return Response(
            {"tokens": tokens, "links": [answer_url(wave.pk, t) for t in tokens]},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Submit a response (anonymous; nothing identifying is stored)",
        request=SurveyResponseInput,
        responses={201: SurveyResponseResult},
    )
    @action(detail=True, methods=["post"])
    def responses(self, request, pk=None):
        wave = get_object_or_404(Wave.objects.select_related("survey"), pk=pk)
        data = _valid(SurveyResponseInput, request)
        if not data["token"] and not request.user.is_authenticated:
            raise serializers.ValidationError(
                {
                    "token": [
                        _(
                            "The API takes invitation or signed-in responses; "
                            "use the open link page otherwise."
                        )
                    ]
                }
            )
        services.submit_response(
            wave, data["answers"], user=request.user, token=data["token"], language=data["language"]
        )
        return Response({"received": True}, status=status.HTTP_201_CREATED)
