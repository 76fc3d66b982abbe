"""Who may do what with tips. Views, the API and the verbs ask these predicates.

Tips are police-only information: a tip is visible to the officers currently assigned to a
beat of the tip's district and to supervisors. Nobody else: not analysts, partners, residents,
officers of other districts, and not administrators (they run the system; a tip is not theirs
to read). The tipster reaches their own tip only through its secret code, never by account.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from beatbridge.accounts.permissions import is_officer_role, is_supervisor

from ..models import Tip, TipStatus
from ..permissions import current_district_ids


def is_tip_supervisor(user: Any) -> bool:
    """A sworn supervisor (not an administrator): sees every tip, routed or not."""
    return is_officer_role(user) and is_supervisor(user)


def tip_district_ids(user: Any) -> set[int]:
    """The districts whose tips an officer handles: those of the beats they work today."""
    if not is_officer_role(user):
        return set()
    return current_district_ids(user)


def can_submit_tip(user: Any) -> bool:
    return True


def can_use_tip_inbox(user: Any) -> bool:
    return is_tip_supervisor(user) or bool(tip_district_ids(user))


def visible_tips(user: Any) -> QuerySet[Tip]:
    """The tips this user may see: all for supervisors, their districts' for officers."""
    if is_tip_supervisor(user):
        return Tip.objects.all()
    districts = tip_district_ids(user)
    if districts:
        return Tip.objects.filter(district_id__in=districts)
    return Tip.objects.none()


def can_view_tip(user: Any, tip: Tip) -> bool:
    if is_tip_supervisor(user):
        return True
    return tip.district_id is not None and tip.district_id in tip_district_ids(user)


def can_reply_to_tip(user: Any, tip: Tip) -> bool:
    return can_view_tip(user, tip)


def can_change_tip_status(user: Any, tip: Tip) -> bool:
    return can_view_tip(user, tip)


def can_route_tip(user: Any, tip: Tip) -> bool:
    """Send a tip to another district (or route an unrouted one): supervisors only."""
    return is_tip_supervisor(user)


def can_view_tip_audit(user: Any, tip: Tip) -> bool:
    """Who read or handled a tip: supervisors keep watch over the reads."""
    return is_tip_supervisor(user)


def can_tipster_reply(tip: Tip) -> bool:
    """The tipster (holding the code) may write while the tip is not closed."""
    return tip.status != TipStatus.CLOSED
