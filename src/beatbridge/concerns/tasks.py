"""Background work for concerns (Huey): emails and the periodic "is it really fixed?" check."""

from __future__ import annotations

from django.core.mail import send_mail
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task


@task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, to: str) -> int:
    """Send one plain-text email (everything needed is passed in: no database read)."""
    return send_mail(subject, body, None, [to], fail_silently=False)


@db_periodic_task(crontab(minute="17", hour="*/6"))
def fixed_check_task() -> int:
    """Ask submitters of concerns resolved FIXED_CHECK_WEEKS ago whether it is really fixed."""
    from .services import send_fixed_checks

    return send_fixed_checks()
