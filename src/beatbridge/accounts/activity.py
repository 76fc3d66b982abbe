"""The activity and audit log every app writes to."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models


def _actor(user: Any):
    return user if getattr(user, "is_authenticated", False) else None


def record_activity(actor: Any, verb: str, target: models.Model | None, data: dict | None = None):
    """Record a state change: who (None for anonymous/system), what verb, on what, details."""
    from .models import ActivityEntry

    return ActivityEntry.objects.create(
        actor=_actor(actor),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


def record_read(actor: Any, target: models.Model, what: str = "") -> None:
    """Audit-log a staff member reading personal data."""
    from .models import ActivityEntry

    ActivityEntry.objects.create(
        actor=_actor(actor),
        verb="read",
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        data={"what": what} if what else {},
        is_read=True,
    )
