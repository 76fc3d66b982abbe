"""Watch-group pages: list, public/private group page, start a group, membership and
coordinator actions (POST → redirect), calendar feed, health view, the guide."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.accounts.activity import record_read
from beatbridge.accounts.models import User
from beatbridge.accounts.permissions import is_staff_member
from beatbridge.areas.models import Area
from beatbridge.data.models import OffenseCategory

from . import ics, permissions, services
from .models import MemberStatus, WatchGroup, Weekday


def _group(pk: int) -> WatchGroup:
    return get_object_or_404(WatchGroup.objects.select_related("area", "liaison"), pk=pk)


def group_list(request):
    groups = WatchGroup.objects.active().select_related("area").order_by("area__name", "name")
    return render(request, "watch/group_list.html", {"groups": groups})


def guide(request):
    return render(request, "watch/guide.html")


def _categories():
    return OffenseCategory.objects.filter(is_sensitive=False).order_by("code")


def _errors(request, exc: ValidationError) -> None:
    for _field, errs in exc.message_dict.items() if hasattr(exc, "error_dict") else []:
        for e in errs:
            messages.error(request, e)
    if not hasattr(exc, "error_dict"):
        for e in exc.messages:
            messages.error(request, e)


@login_required
def new_group(request, kind: str, code: str):
    area = get_object_or_404(Area, kind=kind, code=code)
    if not permissions.can_create_group(request.user, area):
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        picked = [v for v in request.POST.getlist("categories") if v.isdigit()]
        cats = _categories().filter(pk__in=picked)
        try:
            group = services.create_group(
                area,
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
                how_to_join=request.POST.get("how_to_join", ""),
                meeting_times=request.POST.get("meeting_times", ""),
                categories=cats,
                by=request.user,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Your watch group is started. You coordinate it."))
            return redirect(group)
    context = {"area": area, "categories": _categories(), "errors": errors, "data": request.POST}
    return render(request, "watch/new_group.html", context, status=400 if errors else 200)


def group_detail(request, pk: int):
    group = _group(pk)
    user = request.user
    private = permissions.can_view_private(user, group)
    mine = group.memberships.filter(user=user).first() if user.is_authenticated else None
    context = {
        "group": group,
        "private": private,
        "membership": mine,
        "coordinators": group.coordinators(),
        "can_join": permissions.can_request_to_join(user, group),
        "can_leave": permissions.can_leave(user, group),
        "can_coordinate": permissions.can_coordinate(user, group),
        "can_post": permissions.can_post(user, group),
        "can_health": permissions.can_view_health(user, group),
        "can_be_liaison": permissions.can_assign_liaison(user, group, user)
        and group.liaison_id != getattr(user, "pk", None),
        "categories": group.watched_categories.all(),
    }
    if private:
        if is_staff_member(user) and not permissions.is_member(user, group):
            record_read(user, group, "watch group members")
        if permissions.can_assign_liaison(user, group, None) or is_staff_member(user):
            from beatbridge.areas.queries import officers_serving

            context["liaison_choices"] = [
                o
                for _beat, officers in officers_serving(group.area)
                for o in officers
                if permissions.can_assign_liaison(user, group, o)
            ]
        today = timezone.localdate()
        slots = []
        for slot in group.patrol_slots.filter(is_active=True):
            dates = []
            for d in slot.next_dates(4, today):
                walkers = [s.user for s in slot.signups.filter(date=d).select_related("user")]
                dates.append(
                    {
                        "date": d,
                        "walkers": walkers,
                        "mine": any(w.pk == user.pk for w in walkers),
                        "full": len(walkers) >= slot.capacity,
                    }
                )
            slots.append({"slot": slot, "dates": dates})
        context.update(
            members=group.active_members().select_related("user"),
            pending=group.memberships.filter(status=MemberStatus.PENDING).select_related("user"),
            announcements=group.announcements.all()[:20],
            slots=slots,
            events=group.events.filter(ends_at__gte=timezone.now()).order_by("starts_at"),
            all_categories=_categories(),
            alerts=group.alerts.all()[:10],
            weekdays=Weekday.choices,
        )
    return render(request, "watch/group_detail.html", context)


def calendar(request, pk: int):
    group = _group(pk)
    if not permissions.can_view_private(request.user, group):
        raise Http404
    response = HttpResponse(ics.group_calendar(group), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="watch-group-{group.pk}.ics"'
    return response


def _id(request, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _membership(group, request):
    return get_object_or_404(group.memberships, pk=_id(request, "membership"))


def _slot(group, request):
    return get_object_or_404(group.patrol_slots, pk=_id(request, "slot"))


def _aware(value: str):
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _do(verb: str, group: WatchGroup, request) -> str:
    p, by = request.POST, request.user
    if verb == "join":
        services.request_to_join(group, message=p.get("message", ""), by=by)
        return _("Your request was sent to the coordinators.")
    if verb == "leave":
        services.leave_group(group, by=by)
        return _("You left the group.")
    if verb == "decide":
        services.decide_request(_membership(group, request), approve=p.get("approve") == "1", by=by)
        return _("Request decided.")
    if verb == "remove":
        services.remove_member(_membership(group, request), by=by)
        return _("Member removed.")
    if verb == "transfer":
        services.transfer_coordinator(group, to=_membership(group, request), by=by)
        return _("The coordinator role was handed over.")
    if verb == "liaison":
        officer = None
        if p.get("officer"):
            officer = User.objects.filter(pk=_id(request, "officer")).first()
            if officer is None:
                raise ValidationError({"officer": _("Choose an officer.")})
        services.assign_liaison(group, officer=officer, by=by)
        return _("Liaison officer updated.")
    if verb == "announce":
        services.post_announcement(group, title=p.get("title", ""), body=p.get("body", ""), by=by)
        return _("Announcement posted to the members.")
    if verb == "slot":
        try:
            weekday, minutes, capacity = (
                int(p.get("weekday", "")),
                int(p.get("minutes", "") or 0),
                int(p.get("capacity", "") or 0),
            )
        except ValueError as exc:
            raise ValidationError({"weekday": _("Choose a day and whole numbers.")}) from exc
        services.add_patrol_slot(
            group,
            weekday=weekday,
            start_time=parse_time(p.get("start_time", "") or ""),
            minutes=minutes,
            capacity=capacity,
            meeting_point=p.get("meeting_point", ""),
            by=by,
        )
        return _("Patrol added to the weekly schedule.")
    if verb == "signup":
        services.sign_up_for_patrol(
            _slot(group, request), date=parse_date(p.get("date", "") or ""), by=by
        )
        return _("You are signed up. Thank you!")
    if verb == "unsignup":
        date = parse_date(p.get("date", "") or "")
        services.cancel_patrol_signup(_slot(group, request), date=date, by=by)
        return _("Your sign-up was cancelled.")
    if verb == "event":
        services.add_event(
            group,
            title=p.get("title", ""),
            starts_at=_aware(p.get("starts_at", "")),
            ends_at=_aware(p.get("ends_at", "")),
            location=p.get("location", ""),
            description=p.get("description", ""),
            by=by,
        )
        return _("Meeting added to the group calendar.")
    if verb == "cancel_event":
        event = get_object_or_404(group.events, pk=_id(request, "event"))
        services.cancel_event(event, by=by)
        return _("Meeting cancelled.")
    if verb == "categories":
        cats = _categories().filter(pk__in=[v for v in p.getlist("categories") if v.isdigit()])
        services.update_group(group, categories=cats, by=by)
        return _("Alert categories saved.")
    if verb == "archive":
        services.archive_group(group, by=by)
        return _("The group is archived.")
    if verb == "reopen":
        services.reopen_group(group, by=by)
        return _("The group is active again.")
    raise Http404


@login_required
@require_POST
def group_action(request, pk: int, verb: str):
    group = _group(pk)
    try:
        messages.success(request, _do(verb, group, request))
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do that."))
    return redirect(group)


def _health_rows(groups) -> list[dict]:
    today = timezone.localdate()
    since = today - dt.timedelta(days=90)
    groups = groups.annotate(
        n_members=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE)),
        n_pending=Count("memberships", filter=Q(memberships__status=MemberStatus.PENDING)),
    )
    rows = []
    for g in groups:
        held = g.events.filter(is_cancelled=False, ends_at__lt=timezone.now()).count()
        staffed = (
            g.patrol_slots.filter(signups__date__gte=since, signups__date__lt=today)
            .values("signups__slot", "signups__date")
            .distinct()
            .count()
        )
        rows.append(
            {
                "group": g,
                "members": g.n_members,
                "pending": g.n_pending,
                "held": held,
                "staffed": staffed,
            }
        )
    return rows


@login_required
def health(request, pk: int):
    group = _group(pk)
    if not permissions.can_view_health(request.user, group):
        raise Http404
    rows = _health_rows(WatchGroup.objects.filter(pk=group.pk))
    return render(request, "watch/health.html", {"rows": rows, "single": group})


@login_required
def health_list(request):
    if not permissions.can_view_health_list(request.user):
        raise Http404
    groups = [
        g.pk
        for g in WatchGroup.objects.select_related("area")
        if permissions.can_view_health(request.user, g)
    ]
    rows = _health_rows(WatchGroup.objects.filter(pk__in=groups).select_related("area"))
    return render(request, "watch/health.html", {"rows": rows, "single": None})
