"""Background sending (Huey).

At least once, never twice: each delivery is claimed by a conditional UPDATE (queued and not
claimed in the last ``CLAIM_SECONDS``) before it is sent, and marked sent right after. A
failure records the error class (never the address) and schedules another attempt with
exponential backoff, up to ``MAX_ATTEMPTS``; then the delivery is ``failed``. The periodic
sweep picks up anything due that no task is handling (quiet hours over, a worker that died,
a queue that was down), so a crash means a late message, not a lost one.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .retry import (  # noqa: F401 - tests and callers read the policy here too
    BASE_DELAY_SECONDS,
    CLAIM_SECONDS,
    MAX_ATTEMPTS,
    backoff,
    due_filter,
)

log = logging.getLogger(__name__)


@db_task()
def send_deliveries(ids: list[int]) -> int:
    from .delivery import send_due

    return send_due(ids=ids)


@db_task(retries=3, retry_delay=120)
def send_confirmation_email(subscriber_id: int, token: str) -> None:
    from .emails import confirmation_message
    from .models import Subscriber

    sub = Subscriber.objects.filter(pk=subscriber_id, user__isnull=True).first()
    if sub is not None and sub.email:
        confirmation_message(sub, token).send()


@db_periodic_task(crontab(minute="*/5"))
def sweep() -> int:
    """Send what is due and was not handled (quiet hours over, retries, lost tasks)."""
    from .delivery import send_due

    return send_due()


@db_periodic_task(crontab(minute="0", hour="7"))
def daily_digests() -> int:
    from .digests import send_digests

    return send_digests()


@db_periodic_task(crontab(minute="30", hour="7", day="1"))
def monthly_statistics() -> int:
    from .statistics import publish_monthly_statistics

    return publish_monthly_statistics()


@db_periodic_task(crontab(minute="15"))
def meeting_reminders() -> int:
    """Hourly: remind area subscribers of tomorrow's meetings (each once)."""
    from .producers import publish_meeting_reminders

    return publish_meeting_reminders()
