"""The role policy: who holds which role, and what each role may do with accounts.

Every app's ``permissions.py`` builds on the role predicates here; views and API endpoints
ask those predicates and never test ``user.role`` themselves.
"""

from __future__ import annotations

from typing import Any

from .models import Role

STAFF_ROLES = {Role.OFFICER, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN}
POLICE_ROLES = {Role.OFFICER, Role.SUPERVISOR}


def _role(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return user.role


def is_signed_in(user: Any) -> bool:
    return _role(user) is not None


def is_resident(user: Any) -> bool:
    return _role(user) == Role.RESIDENT


def is_partner(user: Any) -> bool:
    return _role(user) == Role.PARTNER


def is_officer_role(user: Any) -> bool:
    """Sworn staff who work beats: officers and supervisors."""
    return _role(user) in POLICE_ROLES


def is_supervisor(user: Any) -> bool:
    return _role(user) in (Role.SUPERVISOR, Role.ADMIN)


def is_analyst(user: Any) -> bool:
    return _role(user) in (Role.ANALYST, Role.SUPERVISOR, Role.ADMIN)


def is_admin(user: Any) -> bool:
    return _role(user) == Role.ADMIN


def is_staff_member(user: Any) -> bool:
    return _role(user) in STAFF_ROLES


def can_view_profile(user: Any, profile_user: Any) -> bool:
    return is_signed_in(user) and (user.pk == profile_user.pk or is_admin(user))


def can_request_verification(user: Any) -> bool:
    return _role(user) in (Role.RESIDENT, Role.PARTNER)


def can_decide_verification(user: Any, verification: Any = None) -> bool:
    return _role(user) in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def can_list_verifications(user: Any) -> bool:
    return can_decide_verification(user)


def can_manage_organization(user: Any, organization: Any) -> bool:
    if is_admin(user):
        return True
    return (
        is_partner(user) and organization.membership_set.filter(user=user, is_contact=True).exists()
    )


def can_view_organizations(user: Any) -> bool:
    return True
