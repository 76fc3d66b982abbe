"""Background work for concerns (Huey): emails and the periodic "is it really fixed?" check."""

from __future__ import annotations

import secrets

from django.core.mail import EmailMessage, send_mail
from django.core.mail.utils import DNS_NAME
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task


@task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, to: str) -> int:
    """Send one plain-text email (everything needed is passed in: no database read)."""
    return send_mail(subject, body, None, [to], fail_silently=False)


@task(retries=3, retry_delay=60)
def send_tip_notice(subject: str, body: str, to: str, date: str) -> int:
    """Send a "new tip" notice with the ``Date:`` it was given (the full hour it was due),
    and a Message-ID without a timestamp (Python's default carries the sending moment)."""
    message = EmailMessage(
        subject,
        body,
        None,
        [to],
        headers={"Date": date, "Message-ID": f"<{secrets.token_hex(16)}@{DNS_NAME}>"},
    )
    return message.send(fail_silently=False)


@db_periodic_task(crontab(minute="17", hour="*/6"))
def fixed_check_task() -> int:
    """Ask submitters of concerns resolved FIXED_CHECK_WEEKS ago whether it is really fixed."""
    from .services import send_fixed_checks

    return send_fixed_checks()
