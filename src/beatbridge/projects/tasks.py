"""Background jobs (Huey): action item reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="20"))
def send_action_reminders() -> dict:
    """Daily: remind owners of action items due soon, and of overdue ones (each once)."""
    from .services import send_action_reminders as send

    return send()
