"""Retention runs every night (03:30 local time)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="3", minute="30"))
def apply_retention_nightly() -> dict:
    return services.apply_retention().as_dict()
