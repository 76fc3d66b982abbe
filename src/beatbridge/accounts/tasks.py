"""Background jobs of accounts."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="23"))
def forget_old_login_failures() -> int:
    """Delete failed sign-in records once their cool-off is over (see throttle.py)."""
    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lte=cutoff).delete()
    return deleted
