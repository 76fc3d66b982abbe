"""Background jobs (Huey): archive inactive watch groups, catch-up risk alerts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="5", minute="15"))
def archive_inactive_groups() -> int:
    from .services import archive_inactive_groups as archive

    return archive()


@db_periodic_task(crontab(minute="*/30"))
def risk_alerts_poll() -> dict:
    """Safety net: zones opened without the signal (alerts de-duplicate by zone)."""
    from .alerts import alert_groups_for_risks

    return alert_groups_for_risks()
