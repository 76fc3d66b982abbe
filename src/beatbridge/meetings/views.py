"""Meeting pages. Each view fetches with permission, calls a verb, and responds."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

# The anonymous-submission rate limit lives in concerns (the first app that needed it).
from beatbridge.core import ratelimit

from . import permissions, services
from .forms import (
    CancelForm,
    MeetingForm,
    MoveForm,
    NewMeetingForm,
    ProposalForm,
    RSVPForm,
)
from .models import RSVP, AgendaItem, Meeting, MeetingKind, Proposal, RSVPStatus
from .presenters import meeting_context


def _form_errors(form, exc: ValidationError) -> None:
    """Attach a verb's ValidationError to the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _render(request, template: str, context: dict, forms=()):
    status = 400 if any(f is not None and f.is_bound and f.errors for f in forms) else 200
    return render(request, template, context, status=status)


def meeting_list(request):
    now = timezone.now()
    qs = Meeting.objects.filter(ends_at__gte=now).prefetch_related("areas").order_by("starts_at")
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    context = {
        "meetings": qs[:100],
        "kinds": MeetingKind.choices,
        "kind": kind,
        "can_create": permissions.can_create_meeting(request.user),
        "feed_url": reverse("meetings:feed_city"),
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_detail(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.prefetch_related("areas"), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    context = meeting_context(request, meeting)
    context["rsvp_form"] = RSVPForm(initial=initial)
    context["proposal_form"] = ProposalForm()
    return render(request, "meetings/meeting_detail.html", context)


def rsvp_rate_limited(request, email: str) -> int | None:
    """Seconds to wait when this client sent too many RSVPs by email, else None.

    Only RSVPs that send a confirmation email to a typed address count (a signed-in person
    with their own email is not limited).
    """
    if not services.needs_confirmation(request.user, email or getattr(request.user, "email", "")):
        return None
    return ratelimit.hit(request, "meeting-rsvp", settings.BEATBRIDGE.get("RSVP_RATE_LIMIT"))


@require_POST
def rsvp(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    form = RSVPForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        retry_after = rsvp_rate_limited(request, data["email"])
        if retry_after:
            minutes = max(1, round(retry_after / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many RSVPs from your connection. Try again in %(n)d minute.",
                    "Too many RSVPs from your connection. Try again in %(n)d minutes.",
                    minutes,
                )
                % {"n": minutes},
            )
            status = 429
        else:
            try:
                reservation = services.rsvp(
                    meeting,
                    name=data["name"],
                    email=data["email"],
                    user=request.user,
                    demographics={k: data[k] for k in ("age_band", "tenure", "language")},
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _rsvp_message(reservation))
                return redirect(meeting)
    context = meeting_context(request, meeting)
    context.update(rsvp_form=form, proposal_form=ProposalForm())
    response = render(request, "meetings/meeting_detail.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response


def _rsvp_message(reservation: RSVP) -> str:
    if reservation.needs_confirmation:
        # The same words whether or not this email already had an RSVP here.
        return _(
            "Almost done: we sent a link to that email address. Your place is held once "
            "you follow it."
        )
    if reservation.status == RSVPStatus.WAITLISTED:
        return _(
            "The meeting is full: you are on the wait list. We will email you if a place opens up."
        )
    return _("You're coming! We sent the details and a cancel link to your email.")


def _secret_link_page(view):
    """Pages reached by an emailed secret link: never cached, and the secret never leaves
    in a Referer header (only the origin does)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = never_cache(view)(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapped


@_secret_link_page
@require_http_methods(["GET", "POST"])
def rsvp_confirm(request, token: str):
    """The emailed link: a page with one button (mail scanners that open links change
    nothing); the button confirms the RSVP."""
    try:
        reservation = services.rsvp_from_confirmation_token(token)
    except ValidationError as exc:
        return render(request, "meetings/rsvp_confirm.html", {"error": exc.messages[0]}, status=404)
    if request.method == "POST":
        try:
            reservation = services.confirm_rsvp(token)
        except ValidationError as exc:
            return render(
                request,
                "meetings/rsvp_confirm.html",
                {"error": exc.messages[0], "meeting": reservation.meeting},
                status=400,
            )
        if reservation.status == RSVPStatus.WAITLISTED:
            messages.success(
                request,
                _(
                    "Confirmed. The meeting is full: you are on the wait list. "
                    "We will email you if a place opens up."
                ),
            )
        else:
            messages.success(
                request,
                _("Confirmed: you're coming! We emailed you the details and a cancel link."),
            )
        return redirect(reservation.meeting)
    return render(
        request, "meetings/rsvp_confirm.html", {"rsvp": reservation, "meeting": reservation.meeting}
    )


@_secret_link_page
@require_http_methods(["GET", "POST"])
def rsvp_cancel(request, token: str):
    reservation = get_object_or_404(RSVP.objects.select_related("meeting"), cancel_token=token)
    if request.method == "POST":
        services.cancel_rsvp(reservation, by=request.user)
        messages.success(request, _("Your RSVP is cancelled. Thank you for letting us know."))
        return redirect(reservation.meeting)
    return render(
        request, "meetings/rsvp_cancel.html", {"rsvp": reservation, "meeting": reservation.meeting}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not permissions.can_create_meeting(request.user):
        raise PermissionDenied
    beats = request.user.beat_assignments.current().values_list("beat_id", flat=True)
    form = NewMeetingForm(request.POST or None, initial={"areas": list(beats)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("repeats"):
                start = timezone.localtime(data["starts_at"])
                end = timezone.localtime(data["ends_at"])
                series = services.create_series(
                    areas=data["areas"],
                    by=request.user,
                    frequency=data["repeats"],
                    weekday=data["weekday"] if data["weekday"] is not None else start.weekday(),
                    ordinal=data["ordinal"],
                    day_of_month=data["day_of_month"],
                    start_time=start.time().replace(second=0, microsecond=0),
                    starts_on=start.date(),
                    until=data["until"],
                    duration_minutes=int((end - start).total_seconds() // 60),
                    **form.details(),
                )
                first = series.meetings.order_by("starts_at").first()
                messages.success(
                    request, _("Series created: %(rule)s.") % {"rule": series.rule_text()}
                )
                return redirect(first or "meetings:list")
            meeting = services.schedule_meeting(
                areas=data["areas"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=request.user,
                **form.details(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect(meeting)
    return _render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "title": _("Schedule a meeting")},
        [form],
    )


def _managed(request, pk: int, check) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.prefetch_related("areas"), pk=pk)
    if not check(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _managed(request, pk, permissions.can_manage_meeting)
    initial = {f: getattr(meeting, f) for f in MeetingForm.base_fields if hasattr(meeting, f)}
    initial["areas"] = list(meeting.areas.all())
    initial["host_facilitator"] = meeting.host_facilitator.email if meeting.host_facilitator else ""
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if (data["starts_at"], data["ends_at"]) != (meeting.starts_at, meeting.ends_at):
                meeting = services.move_meeting(
                    meeting, starts_at=data["starts_at"], ends_at=data["ends_at"], by=request.user
                )
            services.update_meeting(meeting, by=request.user, areas=data["areas"], **form.details())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Meeting updated; people coming were told."))
            return redirect(meeting)
    return _render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("Edit meeting")},
        [form],
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move(request, pk: int):
    meeting = _managed(request, pk, permissions.can_manage_meeting)
    form = MoveForm(
        request.POST or None, initial={"starts_at": meeting.starts_at, "ends_at": meeting.ends_at}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Meeting moved; people coming were told."))
            return redirect(meeting)
    return _render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("Move this meeting")},
        [form],
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int):
    meeting = _managed(request, pk, permissions.can_manage_meeting)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_meeting(meeting, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Meeting cancelled; people coming were told."))
        return redirect(meeting)
    return _render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("Cancel this meeting"),
            "submit": _("Cancel the meeting"),
        },
        [form],
    )


@login_required
@require_POST
def propose(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose_agenda_item(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Thanks — the officers will consider your topic."))
            return redirect(meeting)
    context = meeting_context(request, meeting)
    context.update(rsvp_form=RSVPForm(), proposal_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=400)


@login_required
@require_POST
def decide_proposal(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("meeting"), pk=pk)
    if not permissions.can_decide_proposal(request.user, proposal.meeting):
        raise PermissionDenied
    merge_into = None
    if request.POST.get("merge_into", "").isdigit():
        merge_into = AgendaItem.objects.filter(
            pk=request.POST["merge_into"], agenda__meeting=proposal.meeting
        ).first()
    try:
        services.decide_proposal(
            proposal,
            decision=request.POST.get("decision", ""),
            by=request.user,
            merge_into=merge_into,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(proposal.meeting.get_absolute_url() + "#proposals")
    messages.success(request, _("Decision recorded."))
    return redirect(reverse("meetings:agenda", args=[proposal.meeting.pk]))
