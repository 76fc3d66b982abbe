"""Sending queued deliveries through their channels, with claims, retries and a log."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from . import sms
from .models import Channel, Delivery, DeliveryStatus

log = logging.getLogger(__name__)


def _error_text(exc: Exception) -> str:
    """The error class and, for our own SMS errors, their (address-free) message."""
    if isinstance(exc, sms.SmsError):
        return f"{type(exc).__name__}: {exc}"[:300]
    return type(exc).__name__[:300]


def claim(delivery_id: int, now: dt.datetime) -> bool:
    from .retry import due_filter

    return bool(Delivery.objects.filter(due_filter(now), pk=delivery_id).update(claimed_at=now))


def send_one(delivery: Delivery) -> None:
    """Send through the delivery's channel; raises on failure."""
    sub = delivery.subscriber
    if delivery.channel == Channel.EMAIL:
        from .emails import build_email

        if not sub.address or not sub.email_enabled or not sub.is_active:
            raise _Skip("no address or email turned off")
        build_email(sub, [delivery], delivery.subject).send()
    elif delivery.channel == Channel.SMS:
        if not sub.phone or not sub.sms_enabled or not sub.is_active:
            raise _Skip("no phone or text messages turned off")
        text = delivery.subject if not delivery.url else f"{delivery.subject} {delivery.url}"
        sms.get_backend().send(sub.phone, sms.shorten(text))
    else:  # in-app deliveries are "sent" when recorded
        return


class _Skip(Exception):
    pass


def send_due(ids: list[int] | None = None, now: dt.datetime | None = None) -> int:
    """Send the given (or all due) deliveries; returns how many went out."""
    from .retry import MAX_ATTEMPTS, backoff, due_filter

    now = now or timezone.now()
    qs = Delivery.objects.filter(due_filter(now))
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    sent = 0
    for pk in list(qs.values_list("pk", flat=True)[:1000]):
        if not claim(pk, now):
            continue  # another worker has it
        delivery = Delivery.objects.select_related("subscriber", "subscriber__user").get(pk=pk)
        delivery.attempts += 1
        try:
            send_one(delivery)
        except _Skip as exc:
            delivery.status = DeliveryStatus.SKIPPED
            delivery.last_error = str(exc)
        except Exception as exc:  # noqa: BLE001 - any backend failure is retried
            delivery.last_error = _error_text(exc)
            log.warning(
                "delivery %s failed (attempt %s): %s", pk, delivery.attempts, delivery.last_error
            )
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.send_after = now + dt.timedelta(seconds=backoff(delivery.attempts))
                _retry_later(pk, delivery.send_after)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            sent += 1
        delivery.claimed_at = None
        with transaction.atomic():
            delivery.save(
                update_fields=[
                    "status",
                    "attempts",
                    "last_error",
                    "send_after",
                    "sent_at",
                    "claimed_at",
                ]
            )
    return sent


def _retry_later(pk: int, eta: dt.datetime) -> None:
    from beatbridge.core import jobs

    try:
        jobs.task("beatbridge.subscriptions.tasks.send_deliveries").schedule(args=([pk],), eta=eta)
    except Exception:  # noqa: BLE001 - the sweep will find it
        log.warning("could not schedule a retry for delivery %s", pk)
