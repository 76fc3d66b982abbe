"""Priority pages: an area's list and proposals, one priority's history, the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.areas.models import Area, AreaKind

from . import permissions, queries, services
from .forms import AssignForm, ProposePriorityForm, ReportBackForm
from .models import Priority, PrioritySupport


def _area(kind: str, code: str) -> Area:
    if kind not in (AreaKind.NEIGHBORHOOD, AreaKind.BEAT, AreaKind.DISTRICT):
        raise Http404
    return get_object_or_404(Area, kind=kind, code=code)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def area_priorities(request, kind: str, code: str, propose_form=None, status=200):
    """A beat's own list, or a neighborhood's or district's roll-up of its beats' lists."""
    area = _area(kind, code)
    groups = queries.rolled_up(area)
    supported = set()
    if request.user.is_authenticated:
        supported = set(
            PrioritySupport.objects.filter(
                user=request.user, priority__area__in=[g[0] for g in groups]
            ).values_list("priority_id", flat=True)
        )
    keeps = queries.keeps_priorities(area)
    can_propose = permissions.can_propose_priority(request.user, area)
    context = {
        "area": area,
        "keeps_list": keeps,
        "groups": groups,
        "keepers": [g[0] for g in groups if g[0] != area],
        "current": [p for g in groups for p in g[1]],
        "proposed": [p for g in groups for p in g[2]],
        "supported": supported,
        "max_priorities": queries.max_priorities(area) if keeps else None,
        "can_propose": can_propose,
        "takes_proposals": queries.takes_proposals(area),
        "can_manage": permissions.can_confirm_priorities(request.user, area),
        "propose_form": propose_form or (ProposePriorityForm(area=area) if can_propose else None),
        "upcoming_meetings": _upcoming_meetings(area) if keeps else [],
    }
    return render(request, "priorities/area_priorities.html", context, status=status)


def _upcoming_meetings(area) -> list:
    from django.utils import timezone

    from beatbridge.meetings.models import Meeting

    return list(
        Meeting.objects.scheduled()
        .filter(areas=area, starts_at__gte=timezone.now() - timezone.timedelta(days=1))
        .order_by("starts_at")[:3]
    )


@login_required
@require_POST
def propose(request, kind: str, code: str):
    area = _area(kind, code)
    form = ProposePriorityForm(request.POST, area=area)
    if form.is_valid():
        try:
            priority = services.propose_priority(area, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, errs in errors.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Proposed. Neighbors can now support it."))
            return redirect("priorities:detail", pk=priority.pk)
    return area_priorities(request, kind, code, propose_form=form, status=400)


@login_required
@require_POST
def confirm(request, kind: str, code: str):
    area = _area(kind, code)
    if not permissions.can_confirm_priorities(request.user, area):
        raise PermissionDenied
    ids = [x for x in request.POST.getlist("chosen") if x.isdigit()]
    chosen = list(Priority.objects.filter(area=area, pk__in=ids))
    order = {int(pk): i for i, pk in enumerate(ids)}
    chosen.sort(key=lambda p: order[p.pk])
    meeting = None
    if request.POST.get("meeting", "").isdigit():
        from beatbridge.meetings.models import Meeting

        meeting = Meeting.objects.filter(pk=request.POST["meeting"], areas=area).first()
    default = reverse("priorities:area", args=[kind, code])
    try:
        services.confirm_priorities(
            area, chosen=chosen, meeting=meeting, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(_next(request, default))
    messages.success(request, _("Priority list confirmed."))
    return redirect(_next(request, default))


def priority_detail(request, pk: int):
    priority = get_object_or_404(
        Priority.objects.select_related("area", "officer_owner", "resident_contact"), pk=pk
    )
    can_report = permissions.can_report_back(request.user, priority)
    context = {
        "priority": priority,
        "history": priority.report_backs.select_related("meeting").order_by("-created_at"),
        "concerns": priority.concerns.select_related("category"),
        "can_support": permissions.can_support_priority(request.user, priority),
        "has_supported": request.user.is_authenticated
        and priority.supports.filter(user=request.user).exists(),
        "can_report": can_report and priority.is_current,
        "can_manage": permissions.can_manage_priorities(request.user, priority.area),
        "report_form": ReportBackForm(initial={"new_status": priority.status}),
        "assign_form": AssignForm(
            initial={
                "officer_owner": getattr(priority.officer_owner, "email", ""),
                "resident_contact": getattr(priority.resident_contact, "email", ""),
            }
        ),
        "missed": queries.missed_report_backs(priority) if priority.is_current else 0,
    }
    return render(request, "priorities/priority_detail.html", context)


@login_required
@require_POST
def support(request, pk: int):
    priority = get_object_or_404(Priority, pk=pk)
    try:
        added = services.support_priority(priority, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only proposals waiting for a meeting can be supported."))
    else:
        messages.success(
            request, _("Thanks for your support.") if added else _("You already support this.")
        )
    return redirect(_next(request, reverse("priorities:detail", args=[priority.pk])))


@login_required
@require_POST
def report_back(request, pk: int):
    priority = get_object_or_404(Priority.objects.select_related("area"), pk=pk)
    if not permissions.can_report_back(request.user, priority):
        raise PermissionDenied
    prefix = request.POST.get("prefix") or None
    form = ReportBackForm(request.POST, prefix=prefix)
    meeting = None
    if request.POST.get("meeting", "").isdigit():
        from beatbridge.meetings.models import Meeting

        meeting = Meeting.objects.filter(pk=request.POST["meeting"]).first()
    target = _next(request, reverse("priorities:detail", args=[priority.pk]))
    if not form.is_valid():
        messages.error(
            request,
            _("The report-back is incomplete: %(e)s")
            % {
                "e": "; ".join(
                    f"{form.fields[f].label}: {' '.join(e)}"
                    for f, e in form.errors.items()
                    if f in form.fields
                )
            },
        )
        return redirect(target)
    try:
        services.report_back(priority, meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Report-back recorded for “%(t)s”.") % {"t": priority.display_title}
        )
    return redirect(target)


@login_required
@require_POST
def assign(request, pk: int):
    priority = get_object_or_404(Priority.objects.select_related("area"), pk=pk)
    if not permissions.can_manage_priorities(request.user, priority.area):
        raise PermissionDenied
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.assign_priority(priority, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Owner and contact saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("priorities:detail", pk=priority.pk)


@login_required
def dashboard(request):
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    current = (
        Priority.objects.current()
        .select_related("area", "officer_owner")
        .prefetch_related("report_backs")
        .order_by("area__kind", "area__code", "rank")
    )
    context = {"flagged": queries.flagged_priorities(), "current": current}
    return render(request, "priorities/dashboard.html", context)
