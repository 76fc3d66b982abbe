"""The verbs a partner organization's members use on a concern referred to it.

An officer refers a concern to an organization from the list (``services.refer_concern``);
the organization's members then, from their partner home:

* accept it (it stays "Referred", now marked as taken on, and the police see who accepted);
* add public updates (shown on the timeline under the organization's name);
* mark it done (the concern becomes "Resolved" and the usual "is it really fixed?" follows);
* hand it back to the police with a reason (the concern returns to "Acknowledged" in the
  beat's triage queue, the reason as an internal note, and the referral ends).

Each verb checks ``permissions.can_work_referral`` (a member of *that* organization, while
the concern is referred to it), writes in one transaction, records the activity and sends
the public timeline's notifications like the police's own verbs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity

from . import notifications, permissions
from .models import Concern, ConcernStatus, ConcernUpdate, UpdateKind

MAX_TEXT = 4000
MAX_REASON = 500


def _text(value: Any) -> str:
    return str(value or "").strip()


def _require_member(by: Any, concern: Concern) -> None:
    if not permissions.can_work_referral(by, concern):
        raise PermissionDenied(_("Only the organization this concern is referred to can do this."))


def _locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


def accept_referral(concern: Concern, *, by: Any, note: str = "") -> Concern:
    """A member takes the referral on for the organization (once)."""
    _require_member(by, concern)
    if not permissions.can_accept_referral(by, concern):
        raise ValidationError({"status": [_("This referral has already been accepted.")]})
    note = _text(note)
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": [_("The update is too long.")]})
    org = concern.referred_organization
    text = note or _("%(org)s has taken this on.") % {"org": org.name}
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(concern)
        _require_member(by, locked)
        locked.referral_accepted_at = now
        locked.updated_at = now
        locked.save(update_fields=["referral_accepted_at", "updated_at"])
        ConcernUpdate.objects.create(
            concern=locked,
            kind=UpdateKind.NOTE,
            author=by,
            organization=org,
            text=text,
            is_public=True,
            created_at=now,
        )
        record_activity(by, "concern.referral_accepted", locked, {"organization": org.pk})
        notifications.notify_update(locked, text)
    concern.refresh_from_db()
    return concern


def add_referral_update(concern: Concern, *, by: Any, text: str) -> ConcernUpdate:
    """A public progress note on the timeline, under the organization's name."""
    _require_member(by, concern)
    text = _text(text)
    if not text:
        raise ValidationError({"text": [_("Write the update.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": [_("The update is too long.")]})
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(concern)
        _require_member(by, locked)
        update = ConcernUpdate.objects.create(
            concern=locked,
            kind=UpdateKind.NOTE,
            author=by,
            organization=locked.referred_organization,
            text=text,
            is_public=True,
            created_at=now,
        )
        Concern.objects.filter(pk=locked.pk).update(updated_at=now)
        record_activity(
            by, "concern.referral_update", locked, {"organization": locked.referred_organization_id}
        )
        notifications.notify_update(locked, text)
    concern.refresh_from_db()
    return update


def complete_referral(concern: Concern, *, by: Any, note: str = "") -> Concern:
    """The organization reports the work done: the concern is resolved."""
    from .services import _transition

    _require_member(by, concern)
    note = _text(note)
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": [_("The update is too long.")]})
    org = concern.referred_organization
    text = note or _("%(org)s has done the work; this concern is resolved.") % {"org": org.name}
    return _transition(
        concern,
        ConcernStatus.RESOLVED,
        by=by,
        text=text,
        verb="concern.referral_done",
        data={"organization": org.pk},
        allowed=True,
    )


def hand_back_referral(concern: Concern, *, by: Any, reason: str) -> Concern:
    """The organization cannot take it on: back to the police's triage with the reason."""
    from .services import _transition

    _require_member(by, concern)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": [_("Say why you are handing it back.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}]}
        )
    org = concern.referred_organization

    def internal_note(locked: Concern) -> None:
        ConcernUpdate.objects.create(
            concern=locked,
            kind=UpdateKind.NOTE,
            author=by,
            organization=org,
            text=_("Handed back by %(org)s: %(reason)s") % {"org": org.name, "reason": reason},
            is_public=False,
        )

    return _transition(
        concern,
        ConcernStatus.ACKNOWLEDGED,
        by=by,
        text=_("%(org)s handed this back to the police.") % {"org": org.name},
        verb="concern.referral_handed_back",
        data={"organization": org.pk, "reason": reason},
        allowed=True,
        after=internal_note,
        referred_organization=None,
        referral_accepted_at=None,
    )
