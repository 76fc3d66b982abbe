"""Who may do what with priorities.

Beats keep the priority lists (see ``queries.keeps_priorities``). Signed-in residents and
partners propose priorities and support proposals; officers who serve the area (and
supervisors/admins) confirm the list, assign owners and report back; a priority's resident
contact may also report back. Supervisors see the dashboard.
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_officer_role,
    is_signed_in,
    is_supervisor,
)


def serves_area(user: Any, area: Any) -> bool:
    """An officer currently assigned to a beat that serves the area."""

    from beatbridge.areas.models import OfficerAssignment
    from beatbridge.areas.patrol import patrol_areas_serving

    if not is_officer_role(user):
        return False
    beats = [b.pk for b in patrol_areas_serving(area)]
    return OfficerAssignment.objects.filter(officer=user, beat_id__in=beats).current().exists()


def can_propose_priority(user: Any, area: Any) -> bool:
    """Signed-in people propose on a beat's page or a neighborhood's (for one of its beats)."""
    from .queries import takes_proposals

    return is_signed_in(user) and takes_proposals(area)


def can_support_priority(user: Any, priority: Any) -> bool:
    return is_signed_in(user) and priority.status == "proposed"


def can_confirm_priorities(user: Any, area: Any) -> bool:
    """Confirm the list: only where a list is kept (a beat), by those managing it."""
    from .queries import keeps_priorities

    return keeps_priorities(area) and can_manage_priorities(user, area)


def can_manage_priorities(user: Any, area: Any) -> bool:
    """Confirm the list, set status and owners: officers serving the area, supervisors."""
    if is_supervisor(user) or is_admin(user):
        return True
    return serves_area(user, area)


def can_report_back(user: Any, priority: Any) -> bool:
    if can_manage_priorities(user, priority.area):
        return True
    return is_signed_in(user) and priority.resident_contact_id == user.pk


def can_view_dashboard(user: Any) -> bool:
    return is_supervisor(user)
