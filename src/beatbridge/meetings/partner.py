"""The partner home's meetings panel (action items from minutes, co-hosted meetings) and
the action item's done/open switch (POST → redirect)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.accounts.permissions import is_partner, is_signed_in

from . import permissions, services
from .models import ActionItem, ActionItemStatus, Meeting


def meetings_panel(request: HttpRequest) -> dict | None:
    user = request.user
    if not is_partner(user):
        return None
    org_ids = list(user.organizations.values_list("pk", flat=True))
    items = (
        ActionItem.objects.filter(Q(owner_user=user) | Q(owner_organization_id__in=org_ids))
        .select_related("minutes__meeting", "owner_organization", "owner_user")
        .order_by("status", "due_on", "pk")
    )
    meetings = (
        Meeting.objects.filter(host_organization_id__in=org_ids)
        .filter(ends_at__gte=timezone.now() - timezone.timedelta(days=30))
        .order_by("starts_at")[:20]
    )
    return {
        "template": "meetings/partner/panel.html",
        "context": {
            "action_items": list(items[:50]),
            "hosted_meetings": list(meetings),
            "done": ActionItemStatus.DONE,
            "today": timezone.localdate(),
        },
        "order": 20,
    }


@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    item = get_object_or_404(ActionItem.objects.select_related("minutes__meeting"), pk=pk)
    if not permissions.can_complete_action_item(request.user, item):
        raise PermissionDenied
    done = request.POST.get("done", "1") != "0"
    services.set_action_item_status(item, by=request.user, done=done)
    messages.success(request, _("Action item saved."))
    target = request.POST.get("next") or ""
    if target != "meeting":
        return redirect(f"{reverse('accounts:partner_home')}#action-{item.pk}")
    return redirect("meetings:detail", item.minutes.meeting_id)
