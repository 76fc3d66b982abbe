"""Project pages: the public page and list per area, the team's workspace on the same page,
starting a project from a priority, and a partner organization's projects and items."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.accounts.models import Organization
from beatbridge.areas.models import Area

from . import forms, permissions, presenters, queries, services
from .models import ActionItem, ActionStatus, EvidenceKind, Stage


def _project(request, pk: int):
    return get_object_or_404(
        permissions.visible_projects(request.user).prefetch_related("areas"), pk=pk
    )


def project_list(request):
    """Every project the visitor may see, city-wide, newest first, by stage (``?stage=``)."""
    from django.core.paginator import Paginator

    stage = request.GET.get("stage", "")
    projects = permissions.visible_projects(request.user).prefetch_related("areas")
    if stage in Stage.values:
        projects = projects.filter(stage=stage)
    else:
        stage = ""
    page = Paginator(projects.order_by("-start_date", "-pk"), 25).get_page(request.GET.get("page"))
    context = {"page": page, "stage": stage, "stages": Stage.choices}
    return render(request, "projects/project_list.html", context)


def area_projects(request, kind: str, code: str):
    if kind not in ("neighborhood", "beat"):
        raise Http404
    area = get_object_or_404(Area, kind=kind, code=code)
    context = {"area": area, "projects": queries.public_projects(area).prefetch_related("areas")}
    return render(request, "projects/area_projects.html", context)


def _evidence(user, project) -> list:
    from beatbridge.concerns.tips.permissions import visible_tips

    links = list(project.evidence.select_related("concern", "category", "area", "minutes__meeting"))
    tips = set(
        visible_tips(user)
        .filter(pk__in=[x.tip_id for x in links if x.tip_id])
        .values_list("pk", flat=True)
    )
    return [x for x in links if x.kind != EvidenceKind.TIP or x.tip_id in tips]


def _survey_trends(project) -> list[dict]:
    """Trust and Safety scores over the survey's waves in each of the project's areas (the
    Assessment's "survey results in the area"); cells below the privacy minimum stay hidden."""
    from beatbridge.surveys.results import area_trend

    trends = [area_trend(area) for area in project.areas.all()]
    return [t for t in trends if t and any(not row["suppressed"] for row in t["rows"])]


def project_detail(request, pk: int, bound: dict | None = None, status: int = 200):
    project = _project(request, pk)
    user = request.user
    internal = permissions.can_view_internal(user, project)
    manage = permissions.can_manage_project(user, project)
    items = project.action_items.select_related("owner_user", "owner_organization")
    items = [
        i for i in items.prefetch_related("notes") if permissions.can_view_action_item(user, i)
    ]
    context = {
        "project": project,
        "team": project.team.select_related("user", "organization"),
        "items": [(i, permissions.can_update_action_item(user, i)) for i in items],
        "assessment": project.assessments.select_related("comparison_area").first(),
        "internal": internal,
        "manage": manage,
        "item_form": forms.ItemUpdateForm(),
        "stages": Stage.choices,
        "action_statuses": ActionStatus.choices,
    }
    context["survey_trends"] = _survey_trends(project)
    if context["assessment"]:
        figures = context["assessment"].figures
        context["assessment_rows"] = [
            (label, figures[unit], presenters.reading(figures, unit))
            for unit, label in (("incidents", _("Incidents")), ("concerns", _("Concerns")))
            if unit in figures
        ]
    if internal:
        pattern = queries.patterns(project)
        context.update(
            evidence=_evidence(user, project),
            hypotheses=project.hypotheses.all(),
            by_month=queries.evidence_by_month(project),
            pattern=pattern,
            hours=list(enumerate(pattern["by_hour"])),
            weekdays=list(
                zip(
                    [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
                    pattern["by_weekday"],
                    strict=True,
                )
            ),
            activity=queries.activity(project)[:100],
        )
    if manage:
        today = timezone.localdate()
        context.update(
            analysis_form=forms.AnalysisForm(
                initial={f: getattr(project, f) for f in forms.AnalysisForm.base_fields}
            ),
            evidence_form=forms.EvidenceForm(),
            hypothesis_form=forms.HypothesisForm(),
            team_form=forms.TeamForm(),
            action_form=forms.ActionItemForm(),
            assessment_form=forms.AssessmentForm(
                initial={
                    "after_start": project.response_started_on or today,
                    "after_end": today,
                }
            ),
            conclusion_form=forms.ConclusionForm(),
        )
    context.update(bound or {})
    return render(request, "projects/project_detail.html", context, status=status)


def _handle(request, pk: int, form_cls, key: str, call: Callable, done: str):
    """Bind the form, call the verb; on bad input re-render the page with the errors (400)."""
    form = form_cls(request.POST)
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, done)
            return redirect("projects:detail", pk=pk)
    return project_detail(request, pk, bound={key: form}, status=400)


@login_required
def new_project(request):
    """Start a project, usually from a priority (``?priority=<id>``)."""
    from beatbridge.priorities.models import Priority

    priority = None
    raw = request.GET.get("priority") or request.POST.get("priority") or ""
    if raw.isdigit() and len(raw) <= 18:
        priority = get_object_or_404(Priority.objects.select_related("area"), pk=int(raw))
    if priority is None:
        raise Http404
    if not permissions.can_create_project(request.user, priority.area):
        raise PermissionDenied
    form = forms.ProjectForm(
        request.POST or None,
        initial={
            "title": priority.title,
            "statement": priority.description,
            "start_date": timezone.localdate(),
            "is_public": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                [priority.area], priority=priority, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Project started."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/new_project.html", {"form": form, "priority": priority}, status=status
    )


@login_required
@require_POST
def update_analysis(request, pk: int):
    project = _project(request, pk)
    return _handle(
        request,
        pk,
        forms.AnalysisForm,
        "analysis_form",
        lambda d: services.update_project(project, by=request.user, **d),
        _("Project updated."),
    )


@login_required
@require_POST
def link_evidence(request, pk: int):
    project = _project(request, pk)

    def call(d):
        from beatbridge.concerns.models import Concern, Tip
        from beatbridge.meetings.models import Minutes

        kwargs = {
            "kind": d["kind"],
            "note": d["note"],
            "category": d["category"],
            "date_from": d["date_from"],
            "date_to": d["date_to"],
        }
        if d["concern"]:
            kwargs["concern"] = Concern.objects.filter(pk=d["concern"]).first()
        if d["tip"]:
            kwargs["tip"] = Tip.objects.filter(pk=d["tip"]).first()
        if d["minutes_meeting"]:
            kwargs["minutes"] = Minutes.objects.filter(meeting_id=d["minutes_meeting"]).first()
        services.link_evidence(project, by=request.user, **kwargs)

    return _handle(request, pk, forms.EvidenceForm, "evidence_form", call, _("Evidence linked."))


@login_required
@require_POST
def add_hypothesis(request, pk: int):
    project = _project(request, pk)
    return _handle(
        request,
        pk,
        forms.HypothesisForm,
        "hypothesis_form",
        lambda d: services.add_hypothesis(project, by=request.user, **d),
        _("Hypothesis added."),
    )


@login_required
@require_POST
def add_team_member(request, pk: int):
    project = _project(request, pk)
    return _handle(
        request,
        pk,
        forms.TeamForm,
        "team_form",
        lambda d: services.add_team_member(project, by=request.user, **d),
        _("Team member added."),
    )


@login_required
@require_POST
def add_action_item(request, pk: int):
    project = _project(request, pk)
    return _handle(
        request,
        pk,
        forms.ActionItemForm,
        "action_form",
        lambda d: services.add_action_item(project, by=request.user, **d),
        _("Action item added."),
    )


@login_required
@require_POST
def update_action_item(request, pk: int, item_pk: int):
    project = _project(request, pk)
    item = get_object_or_404(project.action_items, pk=item_pk)
    if not permissions.can_update_action_item(request.user, item):
        raise PermissionDenied
    return _handle(
        request,
        pk,
        forms.ItemUpdateForm,
        "item_form",
        lambda d: services.update_action_item(item, by=request.user, **d),
        _("Action item updated."),
    )


@login_required
@require_POST
def run_assessment(request, pk: int):
    project = _project(request, pk)
    return _handle(
        request,
        pk,
        forms.AssessmentForm,
        "assessment_form",
        lambda d: services.run_assessment(project, by=request.user, **d),
        _("Assessment computed."),
    )


@login_required
@require_POST
def conclude(request, pk: int, assessment_pk: int):
    project = _project(request, pk)
    assessment = get_object_or_404(project.assessments, pk=assessment_pk)
    return _handle(
        request,
        pk,
        forms.ConclusionForm,
        "conclusion_form",
        lambda d: services.record_conclusion(assessment, by=request.user, **d),
        _("Conclusion recorded."),
    )


def organization_projects(request, org_pk: int):
    """A partner organization's projects and the action items it owns (public ones, and all
    of them for its members and staff)."""
    org = get_object_or_404(Organization, pk=org_pk)
    items = ActionItem.objects.filter(owner_organization=org).select_related("project")
    items = [
        i
        for i in items.order_by("due_date", "pk")
        if permissions.can_view_action_item(request.user, i)
    ]
    project_ids = set(org.project_roles.values_list("project_id", flat=True))
    project_ids |= {i.project_id for i in items}
    projects = list(permissions.visible_projects(request.user).filter(pk__in=project_ids))
    return render(
        request,
        "projects/organization.html",
        {"organization": org, "items": items, "projects": projects},
    )


def evidence_chart(request, pk: int):
    """Linked incidents by month as an SVG bar chart (the team's; the page has the table)."""
    from django.http import HttpResponse

    from beatbridge.data.charts import monthly_svg

    project = _project(request, pk)
    if not permissions.can_view_internal(request.user, project):
        raise Http404
    series = [
        (int(month.replace("-", "")), incidents)
        for month, incidents, _concerns in queries.evidence_by_month(project)
    ]
    title = _("Linked incidents by month: %(title)s") % {"title": project.title}
    response = HttpResponse(monthly_svg(series, title), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
