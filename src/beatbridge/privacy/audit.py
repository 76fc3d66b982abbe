"""Audit-logging staff reads of personal data that no view records itself.

Most reads are recorded where they happen (a concern's contact details on the manage page,
a tip in the inbox and API, RSVP lists, admin change pages: accounts.activity.record_read).
``StaffReadAuditMiddleware`` fills the gaps for the pages listed in ``AUDITED_URLS``, keyed
on URL names, so no other app needs an edit: after a staff member's successful GET of one of
them, one read entry is written (who, what, which object, when) with the same helper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse

from beatbridge.accounts.activity import record_read
from beatbridge.accounts.permissions import is_staff_member

# url name -> (model label of the object named by the "pk" kwarg, or None for a list; what)
AUDITED_URLS: dict[str, tuple[str | None, str]] = {
    "tips:inbox": (None, "tip inbox"),
    "api-tips": (None, "tip list (API)"),
    "api-tip-messages": ("concerns.Tip", "tip conversation (API)"),
    "tips:reply": ("concerns.Tip", "tip conversation"),
    "concerns:triage": (None, "concern triage list"),
    "accounts:verification_queue": (None, "home verification requests"),
    "meetings:signin": ("meetings.Meeting", "sign-in sheet"),
    "surveys:invitations": ("surveys.Wave", "survey invitations"),
    "surveys:results_csv": ("surveys.Survey", "survey results export (CSV)"),
    "outreach:workshop_requests": (None, "workshop requests"),
    "watch:detail": ("watch.WatchGroup", "watch group members"),
    "privacy:audit": (None, "audit log"),
    "privacy:audit_csv": (None, "audit log export (CSV)"),
    "admin:accounts_user_changelist": (None, "accounts list (admin)"),
    "admin:concerns_concern_changelist": (None, "concerns list (admin)"),
    "admin:concerns_tip_changelist": (None, "tips list (admin)"),
    "admin:concerns_tipmessage_changelist": (None, "tip messages (admin)"),
    "admin:meetings_rsvp_changelist": (None, "RSVPs list (admin)"),
    "admin:meetings_attendance_changelist": (None, "attendance list (admin)"),
    "admin:subscriptions_subscriber_changelist": (None, "subscribers list (admin)"),
}


def record_list_read(
    actor: Any, what: str, model_label: str | None = None, ids: list | None = None
) -> None:
    """A staff read of a list (no single object): an is_read entry naming what was shown,
    and which records when the view said so (``request.audited_ids``: e.g. the tips whose
    message previews the inbox showed)."""
    ActivityEntry = apps.get_model("accounts", "ActivityEntry")
    target_type = None
    if model_label:
        try:
            target_type = ContentType.objects.get_for_model(apps.get_model(model_label))
        except LookupError:
            target_type = None
    data: dict[str, Any] = {"what": what}
    if ids is not None:
        data["ids"] = [int(i) for i in ids]
    ActivityEntry.objects.create(
        actor=actor, verb="read", target_type=target_type, data=data, is_read=True
    )


def _target(label: str, pk: Any):
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model._default_manager.filter(pk=pk).first()


def audit_request(request: HttpRequest, response: HttpResponse) -> bool:
    """Record the read if this request is one of AUDITED_URLS. Returns whether it did."""
    match = getattr(request, "resolver_match", None)
    if match is None or request.method != "GET" or response.status_code != 200:
        return False
    rule = AUDITED_URLS.get(match.view_name)
    if rule is None or not is_staff_member(request.user):
        return False
    label, what = rule
    pk = match.kwargs.get("pk")
    if label and pk is not None:
        target = _target(label, pk)
        if target is None:
            return False
        record_read(request.user, target, what)
    else:
        record_list_read(request.user, what, ids=getattr(request, "audited_ids", None))
    return True


class StaffReadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        audit_request(request, response)
        return response
