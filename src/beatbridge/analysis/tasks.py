"""Background jobs (Huey): scheduled refreshes, and elevated risks after each import."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, task

logger = logging.getLogger(__name__)


@task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, to: str) -> int:
    return send_mail(subject, body, None, [to], fail_silently=False)


@db_task()
def elevated_risk_task() -> int:
    """New incidents were imported: open elevated-risk zones around the new ones."""
    from .services import update_all_elevated_risks

    return update_all_elevated_risks()


@db_task()
def wedge_alerts_task() -> int:
    """The wedge-risk thresholds changed: check every area again with the new values."""
    from .services import refresh_wedge_alerts

    return len(refresh_wedge_alerts())


@db_periodic_task(crontab(minute="40", hour="3"))
def nightly_insights_task() -> None:
    """Near-repeat patterns (daily), trend alerts and wedge-risk checks."""
    from .services import refresh_all_near_repeat, refresh_trend_alerts, refresh_wedge_alerts

    refresh_all_near_repeat()
    refresh_trend_alerts()
    refresh_wedge_alerts()


@db_periodic_task(crontab(minute="*/15"))
def elevated_risk_poll_task() -> int:
    """Safety net for imports that bypass the signal (e.g. written straight into the table)."""
    from .services import update_all_elevated_risks

    return update_all_elevated_risks()


@db_periodic_task(crontab(minute="10", hour="4", day="1", month="1,4,7,10"))
def quarterly_needs_assessment_task() -> int:
    from .services import run_all_needs_assessments

    return len(run_all_needs_assessments())
