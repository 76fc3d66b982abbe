"""Pages for running a meeting: sign-in sheet, agenda editor, minutes, walk-through, workshop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beatbridge.core import meeting_parts

from . import permissions, services
from .forms import (
    ActionItemForm,
    AgendaItemForm,
    MinutesForm,
    QuestionForm,
    RouteForm,
    WalkInFormSet,
    WalkIssueForm,
    WorkshopForm,
)
from .models import Agenda, Meeting, Minutes
from .presenters import priority_context
from .views import _form_errors, _managed, _render


@login_required
@require_http_methods(["GET", "POST"])
def signin_sheet(request, pk: int):
    meeting = _managed(request, pk, permissions.can_take_attendance)
    rsvps = services.rsvps_for(meeting, by=request.user)
    formset = WalkInFormSet(request.POST or None, prefix="walkin")
    error = None
    if request.method == "POST" and formset.is_valid():
        walk_ins = [f.cleaned_data for f in formset if f.cleaned_data.get("name")]
        try:
            present = [int(x) for x in request.POST.getlist("present")]
            count = services.take_attendance(
                meeting, present_rsvp_ids=present, walk_ins=walk_ins, by=request.user
            )
        except (ValueError, ValidationError) as exc:
            error = " ".join(getattr(exc, "messages", [_("Tick people from the list.")]))
        else:
            messages.success(request, _("Attendance saved: %(n)s people.") % {"n": count})
            return redirect("meetings:signin", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "rsvps": rsvps,
        "walk_ins": meeting.attendances.filter(is_walk_in=True),
        "formset": formset,
        "error": error,
        "counts": services.attendance_counts(meeting),
    }
    status = 400 if (formset.is_bound and not formset.is_valid()) or error else 200
    return render(request, "meetings/signin_sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request, pk: int):
    meeting = _managed(request, pk, permissions.can_edit_agenda)
    action = request.POST.get("action", "")
    bad_form = None
    if request.method == "POST":
        try:
            if action == "generate":
                services.generate_agenda(meeting, by=request.user)
                messages.success(request, _("Agenda generated from current data."))
            elif action in ("publish", "unpublish"):
                services.publish_agenda(meeting, by=request.user, publish=action == "publish")
                messages.success(
                    request,
                    _("Agenda published.") if action == "publish" else _("Agenda back to draft."),
                )
            elif action == "add":
                bad_form = AgendaItemForm(request.POST, prefix="new")
                if bad_form.is_valid():
                    services.add_agenda_item(
                        meeting,
                        by=request.user,
                        title=bad_form.cleaned_data["title"],
                        body=bad_form.cleaned_data["body"],
                    )
                    bad_form = None
            elif action in ("save", "remove"):
                item = get_object_or_404(
                    Agenda.objects.get(meeting=meeting).items, pk=request.POST.get("item")
                )
                if action == "remove":
                    services.remove_agenda_item(item, by=request.user)
                else:
                    bad_form = AgendaItemForm(request.POST, prefix=f"item{item.pk}")
                    if bad_form.is_valid():
                        services.edit_agenda_item(item, by=request.user, **bad_form.cleaned_data)
                        bad_form = None
        except (ValidationError, Agenda.DoesNotExist) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        if bad_form is None:
            return redirect("meetings:agenda", pk=meeting.pk)
    agenda = Agenda.objects.filter(meeting=meeting).first()
    items = []
    if agenda is not None:
        for item in agenda.items.all():
            prefix = f"item{item.pk}"
            form = (
                bad_form
                if bad_form is not None and bad_form.prefix == prefix
                else AgendaItemForm(
                    prefix=prefix,
                    initial={"title": item.title, "body": item.body, "order": item.order},
                )
            )
            items.append((item, form))
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "items": items,
        "new_form": bad_form
        if bad_form is not None and bad_form.prefix == "new"
        else AgendaItemForm(prefix="new"),
        "pending_proposals": meeting.proposals.filter(status="pending"),
    }
    return render(
        request, "meetings/agenda_edit.html", context, status=400 if bad_form is not None else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk: int):
    meeting = _managed(request, pk, permissions.can_write_minutes)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    action = request.POST.get("action", "")
    forms = {
        "minutes": MinutesForm(
            request.POST if action == "save" else None,
            prefix="m",
            initial={
                "summary": getattr(minutes, "summary", ""),
                "decisions": getattr(minutes, "decisions", ""),
                "attendance_count": minutes.attendance_count if minutes else None,
            },
        ),
        "question": QuestionForm(request.POST if action == "question" else None, prefix="q"),
        "action_item": ActionItemForm(
            request.POST if action == "action_item" else None, prefix="a"
        ),
    }
    if request.method == "POST":
        try:
            if action == "approve":
                services.approve_minutes(meeting, by=request.user)
                messages.success(request, _("Minutes approved and published."))
                return redirect(meeting)
            form = {
                "save": forms["minutes"],
                "question": forms["question"],
                "action_item": forms["action_item"],
            }.get(action)
            if form is not None and form.is_valid():
                verb = {
                    "save": services.save_minutes,
                    "question": services.add_question,
                    "action_item": services.add_action_item,
                }[action]
                verb(meeting, by=request.user, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("meetings:minutes", pk=meeting.pk)
        except ValidationError as exc:
            key = {"save": "minutes", "question": "question", "action_item": "action_item"}
            if action in key:
                _form_errors(forms[key[action]], exc)
            else:
                messages.error(request, " ".join(exc.messages))
    minutes = (
        Minutes.objects.filter(meeting=meeting)
        .prefetch_related("questions", "action_items")
        .first()
    )
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "forms": forms,
        "counts": services.attendance_counts(meeting),
        "can_approve": permissions.can_approve_minutes(request.user, meeting),
        **priority_context(meeting),
        **_priority_forms(request, meeting),
    }
    status = 400 if any(f.is_bound and f.errors for f in forms.values()) else 200
    return render(request, "meetings/minutes_edit.html", context, status=status)


def _priority_forms(request, meeting: Meeting) -> dict:
    """The meeting's priorities (report-back and confirm forms post to the priorities app,
    which registers them in :mod:`beatbridge.core.meeting_parts`)."""
    return meeting_parts.minutes_context(request, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def walkthrough(request, pk: int):
    meeting = _managed(request, pk, permissions.can_record_walkthrough)
    action = request.POST.get("action", "")
    route_form = RouteForm(
        request.POST if action == "route" else None, initial={"route": _route_text(meeting.route)}
    )
    issue_form = WalkIssueForm(request.POST if action == "issue" else None)
    if request.method == "POST":
        form = route_form if action == "route" else issue_form
        if form.is_valid():
            try:
                if action == "route":
                    services.record_route(
                        meeting, route=form.cleaned_data["route"], by=request.user
                    )
                    messages.success(request, _("Route saved."))
                else:
                    issue = services.record_walkthrough_issue(
                        meeting, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request, _("Issue recorded as concern #%(id)s.") % {"id": issue.concern_id}
                    )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return redirect("meetings:walkthrough", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "route_form": route_form,
        "issue_form": issue_form,
        "issues": meeting.walkthrough_issues.select_related("category", "concern"),
    }
    status = 400 if route_form.errors or issue_form.errors else 200
    return render(request, "meetings/walkthrough.html", context, status=status)


def _route_text(route) -> str:
    if not route:
        return ""
    return "; ".join(f"{x:.6f}, {y:.6f}" for x, y in route["coordinates"])


@login_required
@require_http_methods(["GET", "POST"])
def workshop(request, pk: int):
    meeting = _managed(request, pk, permissions.can_record_workshop)
    resources_text = "\n".join(f"{r['title']} | {r['url']}" for r in meeting.resources)
    form = WorkshopForm(
        request.POST or None,
        initial={
            "taught": meeting.taught,
            "head_count": meeting.head_count,
            "resources": resources_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_workshop(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Workshop record saved."))
            return redirect(meeting)
    return _render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("What the workshop taught")},
        [form],
    )
