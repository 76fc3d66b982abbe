"""Reading the audit log for the admins' viewer and its CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone


def audit_entries(filters: dict[str, Any]) -> QuerySet:
    ActivityEntry = apps.get_model("accounts", "ActivityEntry")
    entries = ActivityEntry.objects.select_related("actor", "target_type").order_by(
        "-created_at", "-pk"
    )
    if filters.get("who"):
        entries = entries.filter(actor__email__icontains=filters["who"])
    if filters.get("kind") == "read":
        entries = entries.filter(is_read=True)
    elif filters.get("kind") == "change":
        entries = entries.filter(is_read=False)
    if filters.get("what"):
        what = filters["what"]
        entries = entries.filter(
            Q(verb__icontains=what) | Q(data__what__icontains=what)
            | Q(target_type__model__icontains=what)
        )  # fmt: skip
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        start = dt.datetime.combine(filters["since"], dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__gte=start)
    if filters.get("until"):
        end = dt.datetime.combine(filters["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__lt=end)
    return entries


def audit_row(entry: Any) -> list[Any]:
    detail = entry.data.get("what", "") if isinstance(entry.data, dict) else ""
    if not detail and entry.data:
        detail = str(entry.data)
    return [
        timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
        entry.actor.email if entry.actor_id else "",
        entry.verb,
        "yes" if entry.is_read else "no",
        entry.target_type.model if entry.target_type_id else "",
        entry.target_id,
        detail,
    ]
