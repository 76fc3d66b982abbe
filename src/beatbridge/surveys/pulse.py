"""The pulse follow-up: when a concern is resolved, its submitter (if they left an email)
is invited to a two-question survey.

Hooked on ``concerns.signals.concern_status_changed`` (concerns never imports surveys).
After the resolving transaction commits, a Huey task is scheduled SURVEYS_PULSE_DELAY_DAYS later
(default 3); it sends the invitation if the concern is still resolved or closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction


def pulse_delay_seconds() -> int:
    return int(float(getattr(settings, "SURVEYS_PULSE_DELAY_DAYS", 3)) * 86400)


def on_concern_status_changed(sender, concern, old: str, new: str, **kwargs) -> None:
    if new != "resolved":
        return
    concern_id = concern.pk

    def schedule() -> None:
        from .tasks import send_pulse

        send_pulse.schedule((concern_id,), delay=pulse_delay_seconds())

    transaction.on_commit(schedule)
