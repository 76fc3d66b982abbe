"""The pulse follow-up: when a concern is resolved, its submitter (if they left an email)
is invited to a two-question survey.

Hooked on the activity log (``concern.resolved`` entries, written by
concerns.services.resolve_concern) so the concerns app needs no change. After the
resolving transaction commits, a Huey task is scheduled SURVEYS_PULSE_DELAY_DAYS later
(default 3); it sends the invitation if the concern is still resolved or closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction


def pulse_delay_seconds() -> int:
    return int(float(getattr(settings, "SURVEYS_PULSE_DELAY_DAYS", 3)) * 86400)


def on_activity(sender, instance, created, **kwargs) -> None:
    if not created or instance.verb != "concern.resolved" or not instance.target_id:
        return
    concern_id = int(instance.target_id)

    def schedule() -> None:
        from .tasks import send_pulse

        send_pulse.schedule((concern_id,), delay=pulse_delay_seconds())

    transaction.on_commit(schedule)
