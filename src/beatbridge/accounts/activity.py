"""The activity and audit log every app writes to.

The log is append-only: an entry is written once and never changed or deleted, neither by
the model (``save()`` of a stored entry, ``delete()``), nor its querysets (``update()``,
``delete()``), nor the admin (no add, change or delete) or the API (no endpoint writes it).
An account that appears in it cannot be deleted (deactivate it instead). Only the database
itself, or a migration, can remove entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(PermissionDenied):
    """Raised on any attempt to change or delete an audit entry."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(_("The activity log is append-only.")))


class ActivityQuerySet(models.QuerySet):
    """Entries may be read and added, never updated or deleted in bulk."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError


class AppendOnly(models.Model):
    """Model mixin: a row is inserted once; saving it again or deleting it raises."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError


class ReadLoggedAdmin:
    """ModelAdmin mixin for personal data: every display of an object's change page is
    recorded as a read in the audit log (who, which object, when)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        context = getattr(response, "context_data", None) or {}
        shown = context.get("original")
        if response.status_code == 200 and shown is not None:
            record_read(request.user, shown, "admin")
        return response


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


def record_reads_bulk(actor: Any, targets: Sequence[models.Model], what: str = "") -> int:
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
