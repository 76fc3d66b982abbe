"""Who may do what with announcements, resources and workshop requests.

- Officers post announcements to the areas they serve (a beat, its district, the
  neighborhoods over it); supervisors and admins anywhere, and they alone city-wide.
- Partners (members of a partner organization) post on behalf of their organization to the
  neighborhoods it serves: events, good news, closures; never safety alerts or statistics.
- The author, and supervisors and admins, edit or withdraw an announcement.
- Everyone reads live announcements, the feeds and the resource library.
- Supervisors and admins manage the library; officers may add resources too.
- Signed-in residents (and partners) request workshops; supervisors see the requests.
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_officer_role,
    is_partner,
    is_signed_in,
    is_staff_member,
    is_supervisor,
)
from beatbridge.priorities.permissions import serves_area

from .models import AnnouncementCategory

PARTNER_CATEGORIES = {
    AnnouncementCategory.EVENT,
    AnnouncementCategory.GOOD_NEWS,
    AnnouncementCategory.CLOSURE,
}


def partner_organizations(user: Any):
    from beatbridge.accounts.models import Organization

    if not is_partner(user):
        return Organization.objects.none()
    return Organization.objects.filter(membership__user=user)


def can_post_announcements(user: Any) -> bool:
    """May open the form at all (what they may address is checked per area)."""
    return is_officer_role(user) or is_admin(user) or partner_organizations(user).exists()


def can_post_citywide(user: Any) -> bool:
    return is_supervisor(user) or is_admin(user)


def can_post_to_area(user: Any, area: Any, organization: Any = None) -> bool:
    if is_supervisor(user) or is_admin(user):
        return True
    if is_officer_role(user):
        return serves_area(user, area)
    if organization is not None and is_partner(user):
        return (
            area.kind == "neighborhood"
            and partner_organizations(user).filter(pk=organization.pk).exists()
            and organization.neighborhoods.filter(pk=area.pk).exists()
        )
    return False


def can_use_category(user: Any, category: str) -> bool:
    if is_officer_role(user) or is_admin(user):
        return True
    return category in PARTNER_CATEGORIES


def can_edit_announcement(user: Any, announcement: Any) -> bool:
    if is_supervisor(user) or is_admin(user):
        return True
    if not is_signed_in(user) or announcement.author_id != user.pk:
        return False
    return is_officer_role(user) or is_partner(user)


def can_view_announcement(user: Any, announcement: Any) -> bool:
    return announcement.is_live or can_edit_announcement(user, announcement)


def can_view_activity(user: Any, announcement: Any) -> bool:
    return can_edit_announcement(user, announcement) or is_staff_member(user)


def can_manage_resources(user: Any) -> bool:
    return is_officer_role(user) or is_admin(user)


def can_request_workshop(user: Any) -> bool:
    return is_signed_in(user)


def can_view_workshop_requests(user: Any) -> bool:
    return is_supervisor(user) or is_admin(user)


def can_edit_officer_profile(user: Any, officer: Any) -> bool:
    if is_admin(user):
        return True
    return is_officer_role(user) and user.pk == officer.pk


def postable_areas(user: Any):
    """The areas the announcement form offers ``user`` (each still checked on posting)."""
    from beatbridge.areas.models import Area, AreaKind, OfficerAssignment
    from beatbridge.areas.queries import overlapping

    if is_supervisor(user) or is_admin(user):
        return Area.objects.defer("geometry").order_by("kind", "name")
    if is_officer_role(user):
        beats = list(
            Area.objects.filter(
                pk__in=OfficerAssignment.objects.filter(officer=user).current().values("beat_id")
            )
        )
        ids = {b.pk for b in beats} | {b.parent_id for b in beats if b.parent_id}
        for beat in beats:
            ids |= {n.pk for n in overlapping(beat, AreaKind.NEIGHBORHOOD)}
        return Area.objects.filter(pk__in=ids).defer("geometry").order_by("kind", "name")
    if is_partner(user):
        return (
            Area.objects.filter(organizations__membership__user=user, kind="neighborhood")
            .distinct()
            .defer("geometry")
            .order_by("name")
        )
    return Area.objects.none()
