"""Daily and weekly digests: one email per subscriber gathering the non-urgent messages that
waited for it (``Delivery.in_digest``). Weekly digests go out on Mondays; a subscriber gets
at most one digest per period, and each message is in one digest only (claimed first)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from .models import Delivery, DeliveryStatus, Frequency, Subscriber

log = logging.getLogger(__name__)

PERIOD = {Frequency.DAILY: dt.timedelta(hours=20), Frequency.WEEKLY: dt.timedelta(days=6)}


def due_frequencies(now: dt.datetime) -> list[str]:
    """Daily every day; weekly on Mondays (local date)."""
    out = [Frequency.DAILY.value]
    if timezone.localtime(now).weekday() == 0:
        out.append(Frequency.WEEKLY.value)
    return out


def send_digests(
    now: dt.datetime | None = None, frequencies: list[str] | None = None, dry_run: bool = False
) -> int:
    """Send the due digests; returns how many digest emails went out (or would)."""
    from .emails import build_email, digest_subject
    from .retry import MAX_ATTEMPTS

    now = now or timezone.now()
    frequencies = frequencies or due_frequencies(now)
    waiting = (
        Delivery.objects.filter(
            status=DeliveryStatus.QUEUED,
            in_digest=True,
            subscriber__frequency__in=frequencies,
            subscriber__is_active=True,
        )
        .select_related("subscriber", "subscriber__user")
        .order_by("subscriber_id", "topic", "created_at", "pk")
    )
    groups: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in waiting:
        groups[delivery.subscriber_id].append(delivery)
    sent = 0
    for items in groups.values():
        sub: Subscriber = items[0].subscriber
        if sub.last_digest_at and now - sub.last_digest_at < PERIOD[sub.frequency]:
            continue
        if dry_run:
            sent += 1
            continue
        ids = [d.pk for d in items]
        try:
            if not sub.address or not sub.email_enabled:
                Delivery.objects.filter(pk__in=ids).update(
                    status=DeliveryStatus.SKIPPED, last_error="no address or email turned off"
                )
                continue
            build_email(sub, items, digest_subject(sub, len(items))).send()
        except Exception as exc:  # noqa: BLE001 - retried at the next run
            with transaction.atomic():
                for d in items:
                    d.attempts += 1
                    d.last_error = type(exc).__name__
                    if d.attempts >= MAX_ATTEMPTS:
                        d.status = DeliveryStatus.FAILED
                    d.save(update_fields=["attempts", "last_error", "status"])
            log.warning("digest for subscriber %s failed: %s", sub.pk, type(exc).__name__)
            continue
        with transaction.atomic():
            Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.SENT, sent_at=now, claimed_at=None
            )
            Subscriber.objects.filter(pk=sub.pk).update(last_digest_at=now)
        sent += 1
    return sent
