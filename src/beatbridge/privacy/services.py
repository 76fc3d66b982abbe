"""Privacy verbs: data retention, a person's data download, deleting one's account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.core.personal_data import erase_person, export_person

from . import permissions


@dataclass
class RetentionResult:
    tips_deleted: int = 0
    tip_messages_deleted: int = 0
    concerns_scrubbed: int = 0
    dry_run: bool = False
    cutoffs: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tips_deleted": self.tips_deleted,
            "tip_messages_deleted": self.tip_messages_deleted,
            "concerns_scrubbed": self.concerns_scrubbed,
            "dry_run": self.dry_run,
        }


def _cutoff(months: int, now: dt.datetime) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    import calendar

    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def expired_tips(now: dt.datetime | None = None):
    """Closed tips whose last event (status change, message) is older than
    RETENTION_TIP_MONTHS. None when tip retention is off (0)."""
    months = settings.RETENTION_TIP_MONTHS
    if not months:
        return None
    Tip = apps.get_model("concerns", "Tip")
    ActivityEntry = apps.get_model("accounts", "ActivityEntry")
    from django.contrib.contenttypes.models import ContentType

    cutoff = _cutoff(months, now or timezone.now())
    closed = Tip.objects.filter(status="closed").annotate(
        last_event=Coalesce(Max("events__created_at"), "received_hour")
    )
    # The time the tip was closed is in the activity log (tip.status_changed).
    tip_type = ContentType.objects.get_for_model(Tip)
    last_change = dict(
        ActivityEntry.objects.filter(target_type=tip_type, verb="tip.status_changed")
        .values("target_id")
        .annotate(at=Max("created_at"))
        .values_list("target_id", "at")
    )
    ids = []
    for tip in closed.only("pk", "received_hour"):
        last = max(filter(None, [tip.last_event, last_change.get(str(tip.pk))]))
        if last < cutoff:
            ids.append(tip.pk)
    return Tip.objects.filter(pk__in=ids)


def expired_contacts(now: dt.datetime | None = None):
    """Closed concerns (any final status) closed more than RETENTION_CONTACT_MONTHS ago that
    still hold contact details. None when contact retention is off (0)."""
    months = settings.RETENTION_CONTACT_MONTHS
    if not months:
        return None
    Concern = apps.get_model("concerns", "Concern")
    from beatbridge.concerns.models.concerns import OPEN_STATUS_VALUES

    cutoff = _cutoff(months, now or timezone.now())
    return (
        Concern.objects.exclude(status__in=OPEN_STATUS_VALUES)
        .annotate(closed_when=Coalesce("closed_at", "resolved_at", "updated_at"))
        .filter(closed_when__lt=cutoff)
        .filter(~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone=""))
    )


def apply_retention(*, dry_run: bool = False, now: dt.datetime | None = None) -> RetentionResult:
    """Delete closed tips' conversations and scrub closed concerns' contact details once
    their retention period has passed. One transaction; one activity entry when anything
    changed. ``dry_run`` counts without changing anything."""
    result = RetentionResult(dry_run=dry_run)
    TipMessage = apps.get_model("concerns", "TipMessage")
    with transaction.atomic():
        tips = expired_tips(now)
        if tips is not None:
            ids = list(tips.values_list("pk", flat=True))
            result.tips_deleted = len(ids)
            result.tip_messages_deleted = TipMessage.objects.filter(tip_id__in=ids).count()
            if not dry_run and ids:
                tips.delete()
        concerns = expired_contacts(now)
        if concerns is not None:
            ids = list(concerns.values_list("pk", flat=True))
            result.concerns_scrubbed = len(ids)
            if not dry_run and ids:
                apps.get_model("concerns", "Concern").objects.filter(pk__in=ids).update(
                    contact_name="", contact_email="", contact_phone="", contact_preference=""
                )
        changed = result.tips_deleted or result.concerns_scrubbed
        if not dry_run and changed:
            record_activity(None, "privacy.retention_applied", None, result.as_dict())
    return result


def export_my_data(user: Any) -> dict[str, Any]:
    """Everything the registered apps hold about this person, for a JSON download."""
    if not permissions.can_export_own_data(user):
        raise PermissionDenied
    data = {
        "format": "beatbridge-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        **export_person(user),
    }
    record_activity(user, "privacy.data_exported", user)
    return data


def delete_account(user: Any, *, password: str) -> dict[str, int]:
    """Delete a resident's account: personal data erased by every registered eraser, the
    account itself de-identified and deactivated (it stays only as a name-less row so the
    append-only audit log keeps its references). Concerns they raised stay public."""
    if not permissions.can_delete_own_account(user):
        raise PermissionDenied
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("That is not your password.")]})
    with transaction.atomic():
        counts = erase_person(user)
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.display_name = ""
        user.phone = ""
        user.badge_number = ""
        user.home_neighborhood = None
        user.home_verified = False
        user.is_active = False
        user.set_unusable_password()
        user.save()
        record_activity(user, "privacy.account_deleted", user, counts)
    return counts
