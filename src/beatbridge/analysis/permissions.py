"""Who may see and do what with the insights.

- Hotspot maps, near-repeat patterns and elevated-risk advice are public: they only use
  generalized locations, and sensitive offense categories are left out for everyone who is
  not police staff.
- Trend alerts (the dashboard) are for police staff: officers, supervisors, analysts, admins.
  Officers see their own beats (and the neighborhoods they serve) first.
- The enforcement-balance monitor is for supervisors, analysts and administrators. Officers
  may read it for the neighborhoods their beats serve (read-only), so they see what their
  supervisors see about their own work; they cannot record responses.
- Recording a response to a wedge-risk alert: supervisors (and administrators).
- Running analyses on demand (refresh, needs assessment): analysts, supervisors, admins.
- Uploading population tables: administrators.
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_analyst,
    is_officer_role,
    is_staff_member,
    is_supervisor,
)


def officer_area_ids(user: Any) -> set[int]:
    """Beats the officer is assigned to today, and the neighborhoods those beats overlap."""

    from beatbridge.areas.models import Area, AreaKind, OfficerAssignment
    from beatbridge.areas.queries import overlapping

    if not is_officer_role(user):
        return set()
    beat_ids = set(
        OfficerAssignment.objects.filter(officer=user).current().values_list("beat_id", flat=True)
    )
    ids = set(beat_ids)
    for beat in Area.objects.filter(pk__in=beat_ids):
        ids.update(a.pk for a in overlapping(beat, AreaKind.NEIGHBORHOOD))
    return ids


def can_view_hotspots(user: Any) -> bool:
    return True


def can_view_sensitive_hotspots(user: Any) -> bool:
    """Sensitive categories may be mapped for police staff only (never on public maps)."""
    return is_staff_member(user)


def can_view_near_repeat(user: Any) -> bool:
    return True


def can_view_elevated_risks(user: Any) -> bool:
    return True


def can_view_trends(user: Any) -> bool:
    return is_staff_member(user)


def can_view_balance(user: Any, area: Any = None) -> bool:
    """Supervisors, analysts, admins: every area; officers: the areas they serve."""
    if is_analyst(user):
        return True
    if is_officer_role(user):
        return area is None or area.pk in officer_area_ids(user)
    return False


def can_view_all_balance(user: Any) -> bool:
    return is_analyst(user)


def can_record_wedge_response(user: Any, alert: Any = None) -> bool:
    return is_supervisor(user)


def wedge_alert_recipients() -> Any:
    """The active users told about a new wedge-risk alert: those who may record a response
    (supervisors and administrators, as :func:`is_supervisor` decides, superusers included)."""
    from django.db.models import Q

    from beatbridge.accounts.models import Role, User

    return User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.SUPERVISOR, Role.ADMIN]) | Q(is_superuser=True)
    )


def can_run_analyses(user: Any) -> bool:
    return is_analyst(user)


def can_view_needs_assessment(user: Any, area: Any = None) -> bool:
    return is_staff_member(user)


def can_run_needs_assessment(user: Any, area: Any = None) -> bool:
    return is_analyst(user)


def can_upload_population(user: Any) -> bool:
    return is_admin(user)
