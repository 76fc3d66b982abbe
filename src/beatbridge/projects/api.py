"""REST API for problem-solving projects: projects, team, evidence, action items, assessments.

Reads follow :mod:`.permissions` (public parts for everyone, internals for the team and
staff, tips only for staff who may read them); every write goes through a verb in
:mod:`.services`, which checks permission (403) and input (400 with field errors).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from beatbridge.accounts.models import Organization, User
from beatbridge.areas.models import Area
from beatbridge.concerns.models import Concern, Tip
from beatbridge.data.models import OffenseCategory
from beatbridge.meetings.models import Minutes

from . import permissions, queries, services
from .models import (
    ActionItem,
    ActionStatus,
    Assessment,
    Conclusion,
    EvidenceKind,
    EvidenceLink,
    NextStep,
    Project,
    Stage,
    TeamMember,
    TeamRole,
)

ID_REGEX = "[0-9]{1,18}"
PROJECT_PARAM = OpenApiParameter("project", int, description="Only this project's entries")


class ProjectAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "kind", "code", "name"]


class ProjectTeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="public_name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "project", "name", "organization", "role"]


class ProjectSerializer(serializers.ModelSerializer):
    areas = ProjectAreaSerializer(many=True, read_only=True)
    team = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "areas",
            "priority",
            "statement",
            "stage",
            "start_date",
            "target_response_date",
            "target_assessment_date",
            "response_started_on",
            "is_public",
            "offender",
            "handler",
            "target",
            "guardian",
            "place",
            "manager",
            "team",
            "updated_at",
        ]

    def get_team(self, obj) -> list[dict]:
        return ProjectTeamMemberSerializer(
            obj.team.select_related("user", "organization"), many=True
        ).data


class ProjectInternalSerializer(ProjectSerializer):
    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "private_notes"]


class ProjectInput(serializers.Serializer):
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False, default=list
    )
    priority = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    statement = serializers.CharField(max_length=4000)
    start_date = serializers.DateField(required=False, allow_null=True)
    target_response_date = serializers.DateField(required=False, allow_null=True)
    target_assessment_date = serializers.DateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False, default=True)


class ProjectUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    statement = serializers.CharField(max_length=4000, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    start_date = serializers.DateField(required=False)
    target_response_date = serializers.DateField(required=False, allow_null=True)
    target_assessment_date = serializers.DateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False)
    private_notes = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    offender = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    handler = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    target = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    guardian = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    place = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    manager = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ProjectActivitySerializer(serializers.Serializer):
    verb = serializers.CharField()
    actor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    data = serializers.JSONField()

    def get_actor(self, obj) -> str | None:
        return obj.actor.public_name if obj.actor else None


def _valid(cls, request, partial: bool = False) -> dict:
    s = cls(data=request.data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _project_for_write(user, pk) -> Project:
    project = get_object_or_404(permissions.visible_projects(user), pk=pk)
    return project


def _project_param(request):
    raw = request.query_params.get("project", "")
    return int(raw) if raw.isdigit() and len(raw) <= 18 else None


@extend_schema_view(
    list=extend_schema(
        summary="Projects you may see (public ones for everyone)",
        parameters=[
            OpenApiParameter("area", int, description="Area id"),
            OpenApiParameter("stage", str, enum=Stage.values),
        ],
    ),
    retrieve=extend_schema(summary="One project"),
    create=extend_schema(
        summary="Start a project (officers serving the area)",
        request=ProjectInput,
        responses={201: ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Change stage, statement, dates, analysis triangle (the project's officers)",
        request=ProjectUpdateInput,
        responses=ProjectSerializer,
    ),
)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Project.objects.none()  # for the schema; get_queryset scopes by user
    serializer_class = ProjectSerializer
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = permissions.visible_projects(self.request.user).prefetch_related("areas")
        params = self.request.query_params
        if params.get("area", "").isdigit() and len(params["area"]) <= 18:
            qs = qs.filter(areas=int(params["area"]))
        if params.get("stage") in Stage.values:
            qs = qs.filter(stage=params["stage"])
        return qs.order_by("-start_date", "-pk")

    def _out(self, project):
        internal = permissions.can_view_internal(self.request.user, project)
        return (ProjectInternalSerializer if internal else ProjectSerializer)(project).data

    def retrieve(self, request, pk=None):
        return Response(self._out(self.get_object()))

    def create(self, request):
        from beatbridge.priorities.models import Priority

        data = _valid(ProjectInput, request)
        priority = None
        if data.pop("priority", None):
            priority = Priority.objects.filter(pk=request.data.get("priority")).first()
            if priority is None:
                raise serializers.ValidationError({"priority": ["Unknown priority."]})
        areas = data.pop("areas")
        project = services.create_project(areas, priority=priority, by=request.user, **data)
        return Response(self._out(project), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        project = self.get_object()
        data = _valid(ProjectUpdateInput, request, partial=True)
        project = services.update_project(project, by=request.user, **data)
        return Response(self._out(project))

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="The project's activity log (team and staff)",
        responses=ProjectActivitySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def activity(self, request, pk=None):
        project = self.get_object()
        if not permissions.can_view_internal(request.user, project):
            raise PermissionDenied("Only the team sees the activity log.")
        page = self.paginate_queryset(queries.activity(project))
        return self.get_paginated_response(ProjectActivitySerializer(page, many=True).data)

    @extend_schema(
        summary="Time-of-day and day-of-week patterns of linked incidents and concerns",
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def patterns(self, request, pk=None):
        project = self.get_object()
        if not permissions.can_view_internal(request.user, project):
            raise PermissionDenied("Only the team sees the analysis.")
        return Response(queries.patterns(project))


class ProjectTeamInput(serializers.Serializer):
    project = serializers.IntegerField()
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=TeamRole.choices)


@extend_schema_view(
    list=extend_schema(summary="Team members (names and roles only)", parameters=[PROJECT_PARAM]),
    retrieve=extend_schema(summary="One team member"),
    create=extend_schema(
        summary="Add a team member (the project's officers)",
        request=ProjectTeamInput,
        responses={201: ProjectTeamMemberSerializer},
    ),
    destroy=extend_schema(summary="Remove a team member (the project's officers)"),
)
class TeamMemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = TeamMember.objects.none()  # for the schema; get_queryset scopes by user
    serializer_class = ProjectTeamMemberSerializer
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = TeamMember.objects.filter(
            project__in=permissions.visible_projects(self.request.user)
        ).select_related("user", "organization")
        if (pk := _project_param(self.request)) is not None:
            qs = qs.filter(project_id=pk)
        return qs.order_by("project_id", "pk")

    def create(self, request):
        data = _valid(ProjectTeamInput, request)
        project = _project_for_write(request.user, data.pop("project"))
        member = services.add_team_member(project, by=request.user, **data)
        return Response(ProjectTeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.remove_team_member(self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceLink
        fields = [
            "id",
            "project",
            "kind",
            "concern",
            "tip",
            "minutes",
            "category",
            "area",
            "date_from",
            "date_to",
            "note",
            "created_at",
        ]


class ProjectEvidenceInput(serializers.Serializer):
    project = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    concern = serializers.PrimaryKeyRelatedField(
        queryset=Concern.objects.all(), required=False, allow_null=True
    )
    tip = serializers.PrimaryKeyRelatedField(
        queryset=Tip.objects.all(), required=False, allow_null=True
    )
    minutes = serializers.PrimaryKeyRelatedField(
        queryset=Minutes.objects.all(), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=OffenseCategory.objects.all(), required=False, allow_null=True
    )
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True
    )
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        summary="Evidence links (the team; tips only for staff who may read them)",
        parameters=[PROJECT_PARAM],
    ),
    retrieve=extend_schema(summary="One evidence link"),
    create=extend_schema(
        summary="Link evidence (the project's officers)",
        request=ProjectEvidenceInput,
        responses={201: ProjectEvidenceSerializer},
    ),
    destroy=extend_schema(summary="Unlink evidence (the project's officers)"),
)
class EvidenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = EvidenceLink.objects.none()  # for the schema; get_queryset scopes by user
    serializer_class = ProjectEvidenceSerializer
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        internal = [
            p.pk
            for p in permissions.visible_projects(user)
            if permissions.can_view_internal(user, p)
        ]
        qs = EvidenceLink.objects.filter(project_id__in=internal).select_related("tip")
        if (pk := _project_param(self.request)) is not None:
            qs = qs.filter(project_id=pk)
        from beatbridge.concerns.tips.permissions import visible_tips

        # Tips: only those this user may read in the tip inbox. Never anyone else's.
        qs = qs.exclude(kind=EvidenceKind.TIP) | qs.filter(
            kind=EvidenceKind.TIP, tip__in=visible_tips(user)
        )
        return qs.order_by("project_id", "pk")

    def create(self, request):
        data = _valid(ProjectEvidenceInput, request)
        project = _project_for_write(request.user, data.pop("project"))
        link = services.link_evidence(project, by=request.user, **data)
        return Response(ProjectEvidenceSerializer(link).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.unlink_evidence(self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectActionItemSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_name", read_only=True)
    notes = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "project",
            "title",
            "description",
            "owner",
            "owner_organization",
            "due_date",
            "status",
            "is_public",
            "is_overdue",
            "notes",
            "updated_at",
        ]

    def get_notes(self, obj) -> list[dict]:
        return [{"text": n.text, "created_at": n.created_at} for n in obj.notes.all()]


class ProjectActionItemInput(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    owner_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    owner_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False, default=True)


class ProjectActionItemUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        summary="Action items you may see (public ones, yours, your team's)",
        parameters=[PROJECT_PARAM],
    ),
    retrieve=extend_schema(summary="One action item"),
    create=extend_schema(
        summary="Add an action item (the project's officers)",
        request=ProjectActionItemInput,
        responses={201: ProjectActionItemSerializer},
    ),
    partial_update=extend_schema(
        summary="Update status / add a progress note (its owner or the project's officers)",
        request=ProjectActionItemUpdateInput,
        responses=ProjectActionItemSerializer,
    ),
)
class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ActionItem.objects.none()  # for the schema; get_queryset scopes by user
    serializer_class = ProjectActionItemSerializer
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = (
            permissions.visible_action_items(self.request.user)
            .select_related("project", "owner_user", "owner_organization")
            .prefetch_related("notes")
        )
        if (pk := _project_param(self.request)) is not None:
            qs = qs.filter(project_id=pk)
        return qs.order_by("project_id", "due_date", "pk")

    def create(self, request):
        data = _valid(ProjectActionItemInput, request)
        project = _project_for_write(request.user, data.pop("project"))
        item = services.add_action_item(project, by=request.user, **data)
        return Response(ProjectActionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        item = self.get_object()
        data = _valid(ProjectActionItemUpdateInput, request)
        services.update_action_item(item, by=request.user, **data)
        return Response(ProjectActionItemSerializer(self.get_object()).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class ProjectAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "project",
            "before_start",
            "before_end",
            "after_start",
            "after_end",
            "comparison_area",
            "figures",
            "conclusion",
            "next_step",
            "notes",
            "created_at",
        ]


class ProjectAssessmentInput(serializers.Serializer):
    project = serializers.IntegerField()
    before_start = serializers.DateField()
    before_end = serializers.DateField()
    after_start = serializers.DateField()
    after_end = serializers.DateField()
    comparison_area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True
    )


class ProjectConclusionInput(serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    next_step = serializers.ChoiceField(choices=NextStep.choices)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Assessments of projects you may see", parameters=[PROJECT_PARAM]),
    retrieve=extend_schema(summary="One assessment"),
    create=extend_schema(
        summary="Compute a before/after, difference-in-differences assessment (officers)",
        request=ProjectAssessmentInput,
        responses={201: ProjectAssessmentSerializer},
    ),
)
class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Assessment.objects.none()  # for the schema; get_queryset scopes by user
    serializer_class = ProjectAssessmentSerializer
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = Assessment.objects.filter(project__in=permissions.visible_projects(self.request.user))
        if (pk := _project_param(self.request)) is not None:
            qs = qs.filter(project_id=pk)
        return qs.order_by("project_id", "-created_at", "-pk")

    def create(self, request):
        data = _valid(ProjectAssessmentInput, request)
        project = _project_for_write(request.user, data.pop("project"))
        assessment = services.run_assessment(project, by=request.user, **data)
        return Response(
            ProjectAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Record the team's conclusion and next step (officers)",
        request=ProjectConclusionInput,
        responses=ProjectAssessmentSerializer,
    )
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        assessment = self.get_object()
        data = _valid(ProjectConclusionInput, request)
        assessment = services.record_conclusion(assessment, by=request.user, **data)
        return Response(ProjectAssessmentSerializer(assessment).data)
