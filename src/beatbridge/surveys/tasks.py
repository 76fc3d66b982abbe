"""Background work for surveys (Huey): the pulse invitation, sent some days after a
concern is resolved (SURVEYS_PULSE_DELAY_DAYS, default 3) so the resident can see whether
the fix held."""

from __future__ import annotations

from huey.contrib.djhuey import task


@task(retries=2, retry_delay=300)
def send_pulse(concern_id: int) -> bool:
    """Invite the concern's submitter if it is still resolved or closed and they left an
    email. Returns whether an invitation was sent."""
    from beatbridge.concerns.models import Concern

    from .services import invite_to_pulse

    concern = Concern.objects.filter(pk=concern_id, status__in=["resolved", "closed"]).first()
    if concern is None:
        return False
    return invite_to_pulse(concern) is not None
