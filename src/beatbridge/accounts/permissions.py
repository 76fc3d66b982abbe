"""The role policy: who holds which role, and what each role may do with accounts.

Every app's ``permissions.py`` builds on the role predicates here; views and API endpoints
ask those predicates and never test ``user.role`` themselves.

A staff role counts only once its holder has entered a second-factor code in this session
(``settings.BEATBRIDGE_REQUIRE_STAFF_2FA``): until then a request's officer, supervisor,
analyst or admin holds no role at all here, so no staff page, API endpoint or staff-only
content is reachable through any app's predicates; :mod:`.middleware` sends them to the code
page. Users that did not come with a web request (service calls, tasks, commands) carry no
verification state and keep their role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from .models import Role

STAFF_ROLES = {Role.OFFICER, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN}
POLICE_ROLES = {Role.OFFICER, Role.SUPERVISOR}


def held_role(user: Any) -> str | None:
    """The role the account holds, whether or not this session has passed the second factor."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return user.role


def needs_second_factor(user: Any) -> bool:
    """A staff account signed in with its password only, in a request (see the module doc)."""
    if held_role(user) not in STAFF_ROLES or not settings.BEATBRIDGE_REQUIRE_STAFF_2FA:
        return False
    # OTPMiddleware gives every request's user is_verified(); other users have none.
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified()


def _role(user: Any) -> str | None:
    """The role the account may act with now: none for staff still owing the second factor."""
    return None if needs_second_factor(user) else held_role(user)


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


def verification_neighborhood_ids(user: Any) -> set[int] | None:
    """Neighborhoods whose verification requests ``user`` may see and decide; None: all.

    Supervisors and admins decide everywhere; an officer only for the neighborhoods that
    overlap a district of one of their current beats.
    """
    role = _role(user)
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return None
    if role != Role.OFFICER or _officer_neighborhood_ids is None:
        return set()
    return _officer_neighborhood_ids(user)


#: officer -> ids of the neighborhoods overlapping a district of their current beats; set by
#: the areas app (``AreasConfig.ready``), which sits above accounts and so is never imported.
_officer_neighborhood_ids: Callable[[Any], set[int]] | None = None


def use_officer_neighborhoods(function: Callable[[Any], set[int]]) -> None:
    global _officer_neighborhood_ids
    _officer_neighborhood_ids = function


def can_list_verifications(user: Any) -> bool:
    """May use the verification queue (what it lists: :func:`verification_neighborhood_ids`)."""
    return _role(user) in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def can_decide_verification(user: Any, verification: Any = None) -> bool:
    if not can_list_verifications(user):
        return False
    if verification is None:
        return True
    allowed = verification_neighborhood_ids(user)
    return allowed is None or verification.neighborhood_id in allowed


def can_manage_organization(user: Any, organization: Any) -> bool:
    if is_admin(user):
        return True
    return (
        is_partner(user) and organization.membership_set.filter(user=user, is_contact=True).exists()
    )


def can_view_organizations(user: Any) -> bool:
    return True


def can_view_partner_home(user: Any) -> bool:
    """The partner home: accounts with the partner role (its panels show their organizations')."""
    return is_partner(user)


def landing_url_name(user: Any) -> str:
    """Where a user lands after signing in: partners on their home, officers on triage,
    supervisors and administrators on the dashboard, everyone else on their account page.
    By the role the account holds (staff pass the second factor on the way)."""
    role = held_role(user)
    if role == Role.PARTNER:
        return "accounts:partner_home"
    if role == Role.OFFICER:
        return "concerns:triage"
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return "priorities:dashboard"
    return "accounts:profile"
