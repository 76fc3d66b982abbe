"""The partner home's referrals panel and the partner's referral actions (POST → redirect)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .models import Concern, ConcernStatus

#: action name -> (verb, the POST field it reads, its keyword)
REFERRAL_ACTIONS = {
    "accept": (services.accept_referral, "note", "note"),
    "update": (services.add_referral_update, "text", "text"),
    "done": (services.complete_referral, "note", "note"),
    "hand_back": (services.hand_back_referral, "reason", "reason"),
}


def referrals_panel(request: HttpRequest) -> dict | None:
    """Concerns referred to the member's organizations: open ones to work, recent others."""
    qs = permissions.referrals_for(request.user)
    if not permissions.member_organization_ids(request.user):
        return None
    rows = qs.select_related("category", "neighborhood", "referred_organization")
    return {
        "template": "concerns/partner/referrals_panel.html",
        "context": {
            "open_referrals": list(
                rows.filter(status=ConcernStatus.REFERRED).order_by("created_at")[:50]
            ),
            "past_referrals": list(
                rows.exclude(status=ConcernStatus.REFERRED).order_by("-updated_at")[:10]
            ),
        },
        "order": 10,
    }


@require_POST
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if action not in REFERRAL_ACTIONS:
        raise Http404
    concern = get_object_or_404(Concern.objects.select_related("referred_organization"), pk=pk)
    if not permissions.is_referred_member(request.user, concern):
        raise PermissionDenied
    verb, field, keyword = REFERRAL_ACTIONS[action]
    kwargs: dict[str, Any] = {keyword: request.POST.get(field, "")}
    try:
        verb(concern, by=request.user, **kwargs)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, f"#{concern.pk}: {error}")
    else:
        messages.success(request, _("Concern #%(id)s: saved.") % {"id": concern.pk})
    return redirect(f"{_home()}#referral-{concern.pk}")


def _home() -> str:
    from django.urls import reverse

    return reverse("accounts:partner_home")
