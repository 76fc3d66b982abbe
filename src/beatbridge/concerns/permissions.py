"""Who may do what with concerns. Views, the API and the verbs ask these predicates.

* Public concerns: anyone may read them (never the personal data).
* Non-public concerns: staff of the concern's district, supervisors/admins, and the submitter.
* Triage (status changes, internal notes, assignment, reading contact data): officers for
  concerns in their current beats; supervisors and admins for all.
* Reopen: the submitter (signed in, or holding the secret tracking link) or a supporter.
* Support ("+1 / me too"): anyone except police staff, on open public concerns.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from beatbridge.accounts.permissions import (
    is_officer_role,
    is_partner,
    is_signed_in,
    is_staff_member,
    is_supervisor,
)
from beatbridge.core.memo import Memo

from .models import Concern, ConcernStatus

REOPENABLE = (ConcernStatus.RESOLVED, ConcernStatus.CLOSED, ConcernStatus.CLOSED_UNFIXED)


#: (officer id, day) -> their beat ids; cleared when assignments change (apps.py).
assignments_memo = Memo("officer beats")


def current_beat_ids(user: Any) -> set[int]:
    """Ids of the beats the officer is assigned to today (kept on the user object for the
    request, and per process for the recheck interval: every staff page asks)."""
    if not is_signed_in(user):
        return set()
    cached = getattr(user, "_concerns_beat_ids", None)
    if cached is not None:
        return cached
    from beatbridge.areas.models import OfficerAssignment

    today = timezone.localdate()

    def read() -> frozenset[int]:
        return frozenset(
            OfficerAssignment.objects.filter(officer=user)
            .current(today)
            .values_list("beat_id", flat=True)
        )

    ids = set(assignments_memo.get((user.pk, today), read))
    user._concerns_beat_ids = ids
    return ids


def current_district_ids(user: Any) -> set[int]:
    """The districts of the officer's current beats (the beats' parents; the assigned
    districts themselves in a city whose officers work districts)."""
    from beatbridge.areas.locator import areas_by_id
    from beatbridge.areas.patrol import patrol_district_id

    beats = current_beat_ids(user)
    if not beats:
        return set()
    return {patrol_district_id(a) for a in areas_by_id(beats)} - {None}


def is_submitter(user: Any, concern: Concern) -> bool:
    return (
        is_signed_in(user)
        and concern.submitted_by_id is not None
        and concern.submitted_by_id == user.pk
    )


def can_view_triage_queue(user: Any) -> bool:
    return is_officer_role(user) or is_supervisor(user)


def triages_every_beat(user: Any) -> bool:
    """Supervisors and admins triage concerns in every beat; officers only in their own."""
    return is_supervisor(user)


def triage_queryset(user: Any):
    """The concerns this user triages: their beats', or all for supervisors."""
    qs = Concern.objects.all()
    if triages_every_beat(user):
        return qs
    if is_officer_role(user):
        return qs.filter(**{f"{patrol_field()}_id__in": current_beat_ids(user)})
    return qs.none()


def can_triage(user: Any, concern: Concern) -> bool:
    if triages_every_beat(user):
        return True
    return is_officer_role(user) and getattr(concern, f"{patrol_field()}_id") in current_beat_ids(
        user
    )


def patrol_field() -> str:
    """The concern field holding the area officers are assigned to (``beat`` in a city with
    beats; see beatbridge.areas.patrol)."""
    from beatbridge.areas.patrol import patrol_field as field

    return field()


def _serving_officer_ids(concern: Concern) -> QuerySet:
    """Ids of the officers assigned today to the concern's beat (to a beat of its district
    when it has no beat): the officers who serve its area."""
    from beatbridge.areas.models import OfficerAssignment

    current = OfficerAssignment.objects.current()
    field = patrol_field()
    if field != "beat":
        patrol_id = getattr(concern, f"{field}_id")
        return (current.filter(beat_id=patrol_id) if patrol_id else current.none()).values(
            "officer_id"
        )
    if concern.beat_id is not None:
        current = current.filter(beat_id=concern.beat_id)
    elif concern.district_id is not None:
        current = current.filter(beat__parent_id=concern.district_id)
    else:
        current = current.none()
    return current.values("officer_id")


def assignable_officers(user: Any, concern: Concern | None = None) -> QuerySet:
    """The officers ``user`` may assign: for a concern, the officers who serve its area
    today (and supervisors, who serve every area); for the queue, the officers of the
    user's current beats (all for supervisors)."""
    from beatbridge.accounts.models import Role, User
    from beatbridge.areas.models import OfficerAssignment

    officers = User.objects.filter(role__in=[Role.OFFICER, Role.SUPERVISOR], is_active=True)
    if concern is not None:
        officers = officers.filter(
            Q(pk__in=_serving_officer_ids(concern)) | Q(role=Role.SUPERVISOR)
        )
    elif not triages_every_beat(user):
        beats = current_beat_ids(user)
        current = OfficerAssignment.objects.current().filter(beat_id__in=beats)
        officers = officers.filter(Q(pk__in=current.values("officer_id")) | Q(role=Role.SUPERVISOR))
    return officers.order_by("display_name")


def serves_concern(officer: Any, concern: Concern) -> bool:
    """Whether ``officer`` may be given the concern: a supervisor, or an officer assigned
    today to its area (see :func:`assignable_officers`)."""
    return (
        is_signed_in(officer) and assignable_officers(None, concern).filter(pk=officer.pk).exists()
    )


def can_change_status(user: Any, concern: Concern) -> bool:
    return can_triage(user, concern)


def can_add_update(user: Any, concern: Concern, public: bool = True) -> bool:
    return can_triage(user, concern)


def can_assign(user: Any, concern: Concern, officer: Any = None) -> bool:
    """Triage staff assign the concern to someone who serves its area (or unassign it)."""
    if not can_triage(user, concern):
        return False
    return officer is None or serves_concern(officer, concern)


def can_view_exact_point(user: Any, concern: Concern) -> bool:
    """An anonymous concern's exact point is for staff only; the public see its block
    (the same generalization as incidents). Concerns with a named reporter stay exact."""
    return not concern.is_anonymous or is_staff_member(user)


def can_view_contact(user: Any, concern: Concern) -> bool:
    """Reading the submitter's name/email/phone (every read is audit-logged)."""
    return can_triage(user, concern)


def is_district_staff(user: Any, concern: Concern) -> bool:
    return is_staff_member(user) and (
        concern.district_id is not None and concern.district_id in current_district_ids(user)
    )


def can_view_internal(user: Any, concern: Concern) -> bool:
    return can_triage(user, concern) or (is_officer_role(user) and is_district_staff(user, concern))


def can_view(user: Any, concern: Concern) -> bool:
    if concern.is_public and concern.status != ConcernStatus.REJECTED:
        return True
    return (
        is_supervisor(user)
        or is_district_staff(user, concern)
        or can_triage(user, concern)
        or is_submitter(user, concern)
        or is_referred_member(user, concern)
    )


# ----------------------------------------------------------------------------------------
# Referrals to partner organizations and city agencies


def member_organization_ids(user: Any) -> set[int]:
    """The organizations a partner account belongs to (none for other roles)."""
    if not is_partner(user):
        return set()
    cached = getattr(user, "_concerns_org_ids", None)
    if cached is None:
        cached = set(user.organizations.values_list("pk", flat=True))
        user._concerns_org_ids = cached
    return cached


def is_referred_member(user: Any, concern: Concern) -> bool:
    """A member of the organization the concern is (or was last) referred to."""
    return (
        concern.referred_organization_id is not None
        and concern.referred_organization_id in member_organization_ids(user)
    )


def referrals_for(user: Any) -> QuerySet:
    """The concerns referred to the user's organizations (their partner home)."""
    ids = member_organization_ids(user)
    if not ids:
        return Concern.objects.none()
    return Concern.objects.filter(referred_organization_id__in=ids)


def can_refer(user: Any, concern: Concern, organization: Any = None) -> bool:
    """Triage staff refer a concern to an organization from the list."""
    return can_triage(user, concern) and (organization is None or organization.pk is not None)


def can_work_referral(user: Any, concern: Concern) -> bool:
    """Accept, post public updates, mark done or hand back: members of the organization the
    concern is referred to, while it is referred."""
    return concern.status == ConcernStatus.REFERRED and is_referred_member(user, concern)


def can_accept_referral(user: Any, concern: Concern) -> bool:
    return can_work_referral(user, concern) and concern.referral_accepted_at is None


def within_reopen_window(concern: Concern, now=None) -> bool:
    from django.conf import settings

    if concern.status not in REOPENABLE:
        return False
    ended = concern.closed_at or concern.resolved_at
    if ended is None:
        return True
    days = int(settings.BEATBRIDGE.get("REOPEN_WINDOW_DAYS", 30))
    return ((now or timezone.now()) - ended).days < days


def is_supporter(user: Any, concern: Concern, supporter_key: str = "") -> bool:
    if is_signed_in(user) and concern.supports.filter(user=user).exists():
        return True
    return bool(supporter_key) and concern.supports.filter(anonymous_key=supporter_key).exists()


def matches_tracking_token(concern: Concern, token: str) -> bool:
    """Whether ``token`` is the concern's secret tracking token (compared in constant time)."""
    expected = (concern.tracking_token or "").encode()
    return bool(token) and secrets.compare_digest(str(token).encode(), expected)


def can_reopen(
    user: Any, concern: Concern, *, holds_tracking_link: bool = False, supporter_key: str = ""
) -> bool:
    if not within_reopen_window(concern):
        return False
    return (
        holds_tracking_link
        or is_submitter(user, concern)
        or is_supporter(user, concern, supporter_key)
    )


def can_support(user: Any, concern: Concern) -> bool:
    if is_officer_role(user) or is_staff_member(user):
        return False
    if is_submitter(user, concern):
        return False
    return concern.is_public and concern.is_open


def can_submit(user: Any) -> bool:
    return True


def can_reply_as_submitter(holds_tracking_link: bool) -> bool:
    return holds_tracking_link
