"""The pulse follow-up: when a concern is resolved, its submitter (if they left an email)
is invited to a two-question survey.

Hooked on the activity log (``concern.resolved`` entries, written by
concerns.services.resolve_concern) so the concerns app needs no change; the invitation is
created after the resolving transaction commits.
"""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def on_activity(sender, instance, created, **kwargs) -> None:
    if not created or instance.verb != "concern.resolved" or not instance.target_id:
        return
    concern_id = instance.target_id

    def invite() -> None:
        from beatbridge.concerns.models import Concern

        from .services import invite_to_pulse

        concern = Concern.objects.filter(pk=concern_id).first()
        if concern is not None:
            try:
                invite_to_pulse(concern)
            except Exception:  # a follow-up must never break resolving a concern
                log.exception("pulse invitation failed")

    transaction.on_commit(invite)
