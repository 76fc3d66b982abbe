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


def record_reads_bulk(actor: Any, targets: list[models.Model], what: str = "") -> int:
    """Audit-log a staff member reading many records of one model (an API page): one row per
    record, written in one bulk insert. Returns the number of rows."""
    from .models import ActivityEntry

    if not targets:
        return 0
    target_type = ContentType.objects.get_for_model(targets[0])
    rows = [
        ActivityEntry(
            actor=_actor(actor),
            verb="read",
            target_type=target_type,
            target_id=str(target.pk),
            data={"what": what} if what else {},
            is_read=True,
        )
        for target in targets
    ]
    ActivityEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
