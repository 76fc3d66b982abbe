"""The verbs of watch groups. Each checks permission, validates, writes in one transaction
and records an activity entry; alerts live in :mod:`.alerts`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.core.text import required_text

from . import permissions
from .models import (
    GroupAnnouncement,
    GroupEvent,
    GroupStatus,
    MemberRole,
    Membership,
    MemberStatus,
    PatrolSignup,
    PatrolSlot,
    WatchGroup,
)


def _log(by: Any, verb: str, target: Any, data: dict | None = None) -> None:
    record_activity(by, f"watch.{verb}", target, data or {})


def _touch(group: WatchGroup) -> None:
    group.last_activity_at = timezone.now()
    group.save(update_fields=["last_activity_at"])


def _active(group: WatchGroup) -> None:
    if not group.is_active:
        raise ValidationError({"group": _("This group is archived.")})


def _optional(value: Any, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": limit}})
    return value


def _set_categories(group: WatchGroup, categories: Iterable[Any] | None) -> None:
    if categories is None:
        return
    cats = list(categories)
    if any(getattr(c, "is_sensitive", False) for c in cats):
        raise ValidationError({"categories": _("Sensitive categories cannot be watched.")})
    group.watched_categories.set(cats)


@transaction.atomic
def create_group(
    area: Any,
    *,
    name: str,
    by: Any,
    description: str = "",
    how_to_join: str = "",
    meeting_times: str = "",
    categories: Iterable[Any] | None = None,
) -> WatchGroup:
    """Start a group for a neighborhood or beat; its creator is its first coordinator."""
    if area is None or getattr(area, "kind", "") not in permissions.GROUP_AREA_KINDS:
        raise ValidationError({"area": _("Choose a neighborhood or a beat.")})
    if not permissions.can_create_group(by, area):
        raise PermissionDenied(_("Sign in to start a watch group."))
    name = required_text(name, "name", _("Name the group."), 120)
    if WatchGroup.objects.active().filter(area=area, name__iexact=name).exists():
        raise ValidationError({"name": _("A group with this name already watches this area.")})
    group = WatchGroup.objects.create(
        area=area,
        name=name,
        description=_optional(description, "description", 4000),
        how_to_join=_optional(how_to_join, "how_to_join", 2000),
        meeting_times=_optional(meeting_times, "meeting_times", 300),
        created_by=by,
    )
    _set_categories(group, categories)
    Membership.objects.create(
        group=group,
        user=by,
        role=MemberRole.COORDINATOR,
        status=MemberStatus.ACTIVE,
        decided_at=timezone.now(),
        decided_by=by,
    )
    _log(by, "created", group, {"area": area.pk})
    return group


@transaction.atomic
def update_group(group: WatchGroup, *, by: Any, **changes: Any) -> WatchGroup:
    """Edit the public text and the watched categories (coordinators)."""
    if not permissions.can_coordinate(by, group):
        raise PermissionDenied(_("Only the group's coordinators can change it."))
    _active(group)
    if "name" in changes:
        group.name = required_text(changes["name"], "name", _("Name the group."), 120)
    for field, limit in (("description", 4000), ("how_to_join", 2000), ("meeting_times", 300)):
        if field in changes:
            setattr(group, field, _optional(changes[field], field, limit))
    group.last_activity_at = timezone.now()
    group.save()
    _set_categories(group, changes.get("categories"))
    _log(by, "updated", group, {"fields": sorted(changes)})
    return group


@transaction.atomic
def request_to_join(group: WatchGroup, *, by: Any, message: str = "") -> Membership:
    """Ask to join; a coordinator approves or declines. Asking twice keeps one request."""
    _active(group)
    if not permissions.is_signed_in_user(by):
        raise PermissionDenied(_("Sign in to join a watch group."))
    existing = group.memberships.filter(user=by).first()
    if existing and existing.status in (MemberStatus.ACTIVE, MemberStatus.PENDING):
        return existing
    if existing and existing.status == MemberStatus.REMOVED:
        raise PermissionDenied(_("A coordinator removed you from this group."))
    message = _optional(message, "message", 500)
    m = existing or Membership(group=group, user=by)
    m.status, m.role, m.message = MemberStatus.PENDING, MemberRole.MEMBER, message
    m.requested_at, m.decided_at, m.decided_by = timezone.now(), None, None
    m.save()
    _log(by, "join_requested", group, {"membership": m.pk})
    return m


@transaction.atomic
def decide_request(membership: Membership, *, approve: bool, by: Any) -> Membership:
    group = membership.group
    if not permissions.can_coordinate(by, group):
        raise PermissionDenied(_("Only the group's coordinators decide join requests."))
    if membership.status != MemberStatus.PENDING:
        raise ValidationError({"membership": _("This request was already decided.")})
    membership.status = MemberStatus.ACTIVE if approve else MemberStatus.DECLINED
    membership.decided_at, membership.decided_by = timezone.now(), by
    membership.save()
    _touch(group)
    _log(by, "approved" if approve else "declined", group, {"membership": membership.pk})
    return membership


def _other_coordinators(membership: Membership) -> bool:
    return membership.group.coordinators().exclude(pk=membership.pk).exists()


@transaction.atomic
def leave_group(group: WatchGroup, *, by: Any) -> Membership:
    m = group.memberships.filter(user=by).first() if permissions.is_signed_in_user(by) else None
    if m is None or m.status not in (MemberStatus.ACTIVE, MemberStatus.PENDING):
        raise ValidationError({"group": _("You are not a member of this group.")})
    if (
        m.role == MemberRole.COORDINATOR
        and not _other_coordinators(m)
        and group.active_members().exclude(pk=m.pk).exists()
    ):
        raise ValidationError(
            {"group": _("Hand the coordinator role to another member before you leave.")}
        )
    m.status, m.role = MemberStatus.LEFT, MemberRole.MEMBER
    m.save()
    PatrolSignup.objects.filter(slot__group=group, user=by, date__gte=timezone.localdate()).delete()
    _touch(group)
    _log(by, "left", group, {"membership": m.pk})
    return m


@transaction.atomic
def remove_member(membership: Membership, *, by: Any) -> Membership:
    group = membership.group
    if not permissions.can_coordinate(by, group):
        raise PermissionDenied(_("Only the group's coordinators can remove members."))
    if membership.status != MemberStatus.ACTIVE:
        raise ValidationError({"membership": _("This person is not a member.")})
    if membership.user_id == getattr(by, "pk", None):
        raise ValidationError({"membership": _("To leave the group, use “Leave group”.")})
    membership.status, membership.role = MemberStatus.REMOVED, MemberRole.MEMBER
    membership.decided_at, membership.decided_by = timezone.now(), by
    membership.save()
    PatrolSignup.objects.filter(
        slot__group=group, user=membership.user, date__gte=timezone.localdate()
    ).delete()
    _touch(group)
    _log(by, "removed", group, {"membership": membership.pk})
    return membership


@transaction.atomic
def transfer_coordinator(group: WatchGroup, *, to: Membership, by: Any) -> Membership:
    """Hand the coordinator role to another active member (the giver becomes a member)."""
    if not permissions.can_coordinate(by, group):
        raise PermissionDenied(_("Only a coordinator can hand over the role."))
    if to.group_id != group.pk or to.status != MemberStatus.ACTIVE:
        raise ValidationError({"membership": _("Choose an active member of this group.")})
    if to.role == MemberRole.COORDINATOR:
        raise ValidationError({"membership": _("This member is already a coordinator.")})
    to.role = MemberRole.COORDINATOR
    to.save(update_fields=["role"])
    group.memberships.filter(user=by, status=MemberStatus.ACTIVE).update(role=MemberRole.MEMBER)
    _touch(group)
    _log(by, "coordinator_transferred", group, {"to": to.pk})
    return to


@transaction.atomic
def assign_liaison(group: WatchGroup, *, officer: Any, by: Any) -> WatchGroup:
    """Name the liaison officer (None removes them)."""
    if not permissions.can_assign_liaison(by, group, officer):
        raise PermissionDenied(_("The liaison must be an officer serving this group's area."))
    group.liaison = officer
    group.last_activity_at = timezone.now()
    group.save(update_fields=["liaison", "last_activity_at"])
    _log(by, "liaison_assigned", group, {"officer": getattr(officer, "pk", None)})
    return group


@transaction.atomic
def post_announcement(group: WatchGroup, *, title: str, body: str, by: Any) -> GroupAnnouncement:
    if not permissions.can_post(by, group):
        raise PermissionDenied(_("Only coordinators and the liaison officer can post."))
    title = required_text(title, "title", _("Give the announcement a title."), 200)
    body = required_text(body, "body", _("Write the announcement."), 4000)
    item = GroupAnnouncement.objects.create(group=group, title=title, body=body, author=by)
    _touch(group)
    _log(by, "announcement_posted", group, {"announcement": item.pk})
    return item


@transaction.atomic
def add_patrol_slot(
    group: WatchGroup,
    *,
    weekday: int,
    start_time: dt.time,
    minutes: int,
    by: Any,
    meeting_point: str = "",
    capacity: int = 4,
) -> PatrolSlot:
    if not permissions.can_coordinate(by, group):
        raise PermissionDenied(_("Only the group's coordinators can plan patrols."))
    _active(group)
    errors = {}
    if weekday not in range(7):
        errors["weekday"] = _("Choose a day of the week.")
    if start_time is None:
        errors["start_time"] = _("Give a start time.")
    if not minutes or not 15 <= int(minutes) <= 480:
        errors["minutes"] = _("A patrol lasts between 15 and 480 minutes.")
    if not capacity or not 1 <= int(capacity) <= 50:
        errors["capacity"] = _("Between 1 and 50 walkers.")
    if errors:
        raise ValidationError(errors)
    slot = PatrolSlot.objects.create(
        group=group,
        weekday=weekday,
        start_time=start_time,
        minutes=minutes,
        capacity=capacity,
        meeting_point=_optional(meeting_point, "meeting_point", 200),
    )
    _touch(group)
    _log(by, "patrol_slot_added", group, {"slot": slot.pk})
    return slot


@transaction.atomic
def remove_patrol_slot(slot: PatrolSlot, *, by: Any) -> None:
    if not permissions.can_coordinate(by, slot.group):
        raise PermissionDenied(_("Only the group's coordinators can plan patrols."))
    slot.is_active = False
    slot.save(update_fields=["is_active"])
    slot.signups.filter(date__gte=timezone.localdate()).delete()
    _log(by, "patrol_slot_removed", slot.group, {"slot": slot.pk})


@transaction.atomic
def sign_up_for_patrol(slot: PatrolSlot, *, date: dt.date, by: Any) -> PatrolSignup:
    """Sign up for one week's walk; signing up twice keeps one sign-up."""
    group = slot.group
    if not permissions.can_sign_up_for_patrol(by, group):
        raise PermissionDenied(_("Only members can sign up for patrols."))
    if not slot.is_active:
        raise ValidationError({"slot": _("This patrol is no longer on the schedule.")})
    if date is None or date.weekday() != slot.weekday:
        raise ValidationError({"date": _("This patrol is not on that day.")})
    if date < timezone.localdate():
        raise ValidationError({"date": _("That day has passed.")})
    existing = slot.signups.filter(user=by, date=date).first()
    if existing:
        return existing
    PatrolSlot.objects.select_for_update().filter(pk=slot.pk).first()
    if slot.signups.filter(date=date).count() >= slot.capacity:
        raise ValidationError({"date": _("This patrol is full on that day.")})
    signup = PatrolSignup.objects.create(slot=slot, user=by, date=date)
    _touch(group)
    _log(by, "patrol_signup", group, {"slot": slot.pk, "date": date.isoformat()})
    return signup


@transaction.atomic
def cancel_patrol_signup(slot: PatrolSlot, *, date: dt.date, by: Any) -> int:
    deleted, _rows = slot.signups.filter(user=by, date=date).delete()
    if deleted:
        _log(by, "patrol_signup_cancelled", slot.group, {"slot": slot.pk, "date": str(date)})
    return deleted


@transaction.atomic
def add_event(
    group: WatchGroup,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: Any,
    location: str = "",
    description: str = "",
) -> GroupEvent:
    if not permissions.can_post(by, group):
        raise PermissionDenied(_("Only coordinators and the liaison officer can add meetings."))
    title = required_text(title, "title", _("Give the meeting a title."), 200)
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give a start time.")})
    if ends_at is None or ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise ValidationError({"ends_at": _("A meeting lasts at most 24 hours.")})
    event = GroupEvent.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=_optional(location, "location", 300),
        description=_optional(description, "description", 4000),
        created_by=by,
    )
    _touch(group)
    _log(by, "event_added", group, {"event": event.pk})
    return event


@transaction.atomic
def cancel_event(event: GroupEvent, *, by: Any) -> GroupEvent:
    if not permissions.can_post(by, event.group):
        raise PermissionDenied(_("Only coordinators and the liaison officer can cancel meetings."))
    if not event.is_cancelled:
        event.is_cancelled = True
        event.sequence += 1
        event.updated_at = timezone.now()
        event.save(update_fields=["is_cancelled", "sequence", "updated_at"])
        _log(by, "event_cancelled", event.group, {"event": event.pk})
    return event


@transaction.atomic
def archive_group(group: WatchGroup, *, by: Any = None, reason: str = "manual") -> WatchGroup:
    """Archive a group (``by`` None: the inactivity job)."""
    if by is not None and not permissions.can_archive(by, group):
        raise PermissionDenied(_("Only coordinators and supervisors can archive a group."))
    if group.is_active:
        group.status, group.archived_at = GroupStatus.ARCHIVED, timezone.now()
        group.save(update_fields=["status", "archived_at"])
        _log(by, "archived", group, {"reason": reason})
    return group


@transaction.atomic
def reopen_group(group: WatchGroup, *, by: Any) -> WatchGroup:
    if not permissions.can_archive(by, group):
        raise PermissionDenied(_("Only coordinators and supervisors can reopen a group."))
    group.status, group.archived_at = GroupStatus.ACTIVE, None
    group.last_activity_at = timezone.now()
    group.save(update_fields=["status", "archived_at", "last_activity_at"])
    _log(by, "reopened", group)
    return group


def archive_inactive_groups(now: dt.datetime | None = None) -> int:
    """Archive groups with no activity for WATCH_INACTIVE_DAYS days (default 180)."""
    now = now or timezone.now()
    days = int(getattr(settings, "WATCH_INACTIVE_DAYS", 180))
    stale = WatchGroup.objects.active().filter(last_activity_at__lt=now - dt.timedelta(days=days))
    count = 0
    for group in stale:
        archive_group(group, by=None, reason="inactive")
        count += 1
    return count
