"""The partner home's panel: project action items owned by the member or their organization
(each links to its project, where the owner updates it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from beatbridge.accounts.permissions import is_partner


def project_items_panel(request: Any) -> dict | None:
    from .models import ActionItem, ActionStatus

    user = request.user
    if not is_partner(user):
        return None
    org_ids = list(user.organizations.values_list("pk", flat=True))
    items = (
        ActionItem.objects.filter(Q(owner_user=user) | Q(owner_organization_id__in=org_ids))
        .select_related("project", "owner_organization", "owner_user")
        .order_by("due_date", "pk")
    )
    return {
        "template": "projects/partner/panel.html",
        "context": {"project_items": list(items[:50]), "open_status": ActionStatus.OPEN},
        "order": 30,
    }
