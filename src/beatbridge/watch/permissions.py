"""Who may do what with watch groups (the only place that decides).

- Anyone reads a group's public part: name, area, coordinators' first names, how to join,
  meeting times.
- Active members (and coordinators), the group's liaison officer while they serve the area,
  supervisors and admins read the private part: members (display names), announcements,
  patrol schedule, calendar.
- Coordinators decide join requests, remove members, hand over the coordinator role, edit
  the group, post announcements, patrol slots and meetings. The liaison officer may post
  announcements and meetings too.
- A liaison is an officer serving the group's area: a supervisor assigns one, or an officer
  serving the area assigns themselves. An officer of another district cannot.
- The health view is for officers serving the area, supervisors and admins.
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_officer_role,
    is_signed_in,
    is_supervisor,
)
from beatbridge.priorities.permissions import serves_area

from .models import MemberRole, MemberStatus

GROUP_AREA_KINDS = ("neighborhood", "beat")


def _membership(user: Any, group: Any):
    if not is_signed_in(user):
        return None
    return group.memberships.filter(user=user).first()


def is_member(user: Any, group: Any) -> bool:
    m = _membership(user, group)
    return m is not None and m.status == MemberStatus.ACTIVE


def is_coordinator(user: Any, group: Any) -> bool:
    m = _membership(user, group)
    return m is not None and m.status == MemberStatus.ACTIVE and m.role == MemberRole.COORDINATOR


def is_liaison(user: Any, group: Any) -> bool:
    return (
        is_signed_in(user)
        and group.liaison_id is not None
        and group.liaison_id == user.pk
        and serves_area(user, group.area)
    )


def _oversees(user: Any) -> bool:
    return is_supervisor(user) or is_admin(user)


def can_create_group(user: Any, area: Any) -> bool:
    return is_signed_in(user) and getattr(area, "kind", "") in GROUP_AREA_KINDS


def can_view_private(user: Any, group: Any) -> bool:
    return is_member(user, group) or is_liaison(user, group) or _oversees(user)


def can_request_to_join(user: Any, group: Any) -> bool:
    if not is_signed_in(user) or not group.is_active:
        return False
    m = _membership(user, group)
    return m is None or m.status in (MemberStatus.LEFT, MemberStatus.DECLINED)


def can_leave(user: Any, group: Any) -> bool:
    m = _membership(user, group)
    return m is not None and m.status in (MemberStatus.ACTIVE, MemberStatus.PENDING)


def can_coordinate(user: Any, group: Any) -> bool:
    """Decide join requests, remove members, hand over the role, edit the group, slots."""
    return is_coordinator(user, group) or is_admin(user)


def can_post(user: Any, group: Any) -> bool:
    """Announcements and meetings: coordinators and the liaison officer."""
    return group.is_active and (can_coordinate(user, group) or is_liaison(user, group))


def can_sign_up_for_patrol(user: Any, group: Any) -> bool:
    return group.is_active and is_member(user, group)


def can_assign_liaison(user: Any, group: Any, officer: Any) -> bool:
    """Supervisors assign any officer serving the area; an officer serving it, themselves."""
    if officer is None:  # removing the liaison
        return _oversees(user) or is_liaison(user, group)
    if not is_officer_role(officer) or not serves_area(officer, group.area):
        return False
    if _oversees(user):
        return True
    return is_signed_in(user) and user.pk == officer.pk


def can_archive(user: Any, group: Any) -> bool:
    return can_coordinate(user, group) or _oversees(user)


def can_view_health(user: Any, group: Any) -> bool:
    return _oversees(user) or serves_area(user, group.area)


def can_view_health_list(user: Any) -> bool:
    return _oversees(user) or is_officer_role(user)


def is_signed_in_user(user: Any) -> bool:
    return is_signed_in(user)
