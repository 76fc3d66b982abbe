"""Background jobs (Huey): emails to attendees, day-before reminders, series upkeep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notifications


@db_task()
def send_rsvp_email(rsvp_id: int, kind: str) -> None:
    """kind: confirm (the link for an RSVP by email), already, confirmed, waitlisted,
    promoted, reminder."""
    notifications.rsvp_email(rsvp_id, kind)


@db_task()
def notify_meeting_changed(meeting_id: int, change: str) -> int:
    """Tell everyone with an active RSVP that their meeting was moved, changed or cancelled."""
    return notifications.meeting_changed(meeting_id, change)


@db_periodic_task(crontab(minute="5"))
def send_reminders() -> int:
    """Hourly: remind people of tomorrow's meetings (each RSVP once)."""
    from .services import send_due_reminders

    return send_due_reminders()


@db_periodic_task(crontab(minute="35"))
def purge_unconfirmed_rsvps() -> int:
    """Hourly: forget RSVPs by email whose confirmation link expired unused."""
    from .services import purge_unconfirmed_rsvps as purge

    return purge()


@db_periodic_task(crontab(hour="3", minute="15"))
def extend_series() -> int:
    """Nightly: keep recurring series materialized up to the horizon."""
    from .services import extend_all_series

    return extend_all_series()
