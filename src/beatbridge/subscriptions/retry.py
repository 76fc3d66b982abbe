"""The retry policy of background sending: attempts, backoff, and which deliveries are due
(kept apart from ``tasks.py`` so that the sending code never imports the tasks back)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

MAX_ATTEMPTS = 5
BASE_DELAY_SECONDS = 60
CLAIM_SECONDS = 600


def backoff(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: 1, 2, 4, 8 minutes..."""
    return BASE_DELAY_SECONDS * 2 ** max(0, attempts - 1)


def due_filter(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=CLAIM_SECONDS)
    return Q(status="queued", in_digest=False, send_after__lte=now) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )
