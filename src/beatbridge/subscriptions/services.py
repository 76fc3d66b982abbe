"""The verbs of notifications: publish a message, subscribe, confirm, unsubscribe, and
change one's notification settings.

``publish`` is the one entry point other apps call (through a small ``notifications.py`` of
their own). It records one ``Delivery`` per recipient and channel in the caller's
transaction and asks the worker to send them once that transaction commits; it never raises
because of a channel, and a failure to record is logged and answered with 0, so the action
that caused the notification is never undone by it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import (
    PERSONAL_TOPICS,
    TOPICS,
    Channel,
    Delivery,
    DeliveryStatus,
    Frequency,
    Subscriber,
    Subscription,
    token_digest,
)

if TYPE_CHECKING:
    from beatbridge.accounts.models import User
    from beatbridge.areas.models import Area

log = logging.getLogger(__name__)

#: Longest subject and SMS text stored (SMS is cut to one message's worth when sent).
SUBJECT_MAX = 300


# ---------------------------------------------------------------- who receives a message


def related_area_ids(areas: Iterable[Area]) -> set[int]:
    """The given areas, the areas inside them (children), the neighborhoods or beats that
    overlap those, and the areas containing any of them (parents): a district's message
    reaches its beats' subscribers, a beat's its district's and its neighborhoods'."""
    from beatbridge.areas.models import Area

    targets = {a.pk for a in areas if a is not None and a.pk}
    parents = dict(Area.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    # Down: children, breadth first.
    down = set(targets)
    todo = list(targets)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in down:
                down.add(child)
                todo.append(child)
    ids = down | overlapping_area_ids(down)
    # Up: parent chains.
    for pk in list(ids):
        while pk in parents and parents[pk] not in ids:
            pk = parents[pk]
            ids.add(pk)
    return ids


#: A neighborhood and a beat or district are related when their overlap is at least this
#: share of the smaller of the two (shared edges and slivers do not count).
OVERLAP_SHARE = 0.1


def overlapping_area_ids(ids: set[int]) -> set[int]:
    """Neighborhoods overlapping the given beats/districts, and beats/districts overlapping
    the given neighborhoods: neighborhoods are not in the parent tree, so a beat's meeting
    reaches the neighborhood's subscribers and a neighborhood's news the beat's."""
    from beatbridge.areas.models import Area, AreaKind

    if not ids:
        return set()
    fields = ["pk", "kind", "geometry", "min_lon", "min_lat", "max_lon", "max_lat"]
    targets = list(Area.objects.filter(pk__in=ids).only(*fields))
    found: set[int] = set()
    for target in targets:
        other = (
            ~models.Q(kind=AreaKind.NEIGHBORHOOD)
            if target.kind == AreaKind.NEIGHBORHOOD
            else models.Q(kind=AreaKind.NEIGHBORHOOD)
        )
        candidates = (
            Area.objects.filter(
                other,
                min_lon__lt=target.max_lon,
                max_lon__gt=target.min_lon,
                min_lat__lt=target.max_lat,
                max_lat__gt=target.min_lat,
            )
            .exclude(pk__in=ids | found)
            .only(*fields)
        )
        shape = None
        for candidate in candidates:
            try:
                shape = shape or target.shape()
                theirs = candidate.shape()
                smaller = min(shape.area, theirs.area)
                if smaller > 0 and shape.intersection(theirs).area >= OVERLAP_SHARE * smaller:
                    found.add(candidate.pk)
            except Exception:  # noqa: BLE001 - a broken geometry relates to nothing
                log.warning("area %s: geometry could not be compared", candidate.pk)
    return found


def area_subscribers(topic: str, areas: Iterable[Area]) -> list[Subscriber]:
    """Active, confirmed subscribers following ``topic`` in one of ``areas`` (or a
    containing or contained area) or city-wide."""
    from django.db.models import Q

    area_ids = related_area_ids(areas)
    subs = (
        Subscription.objects.filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
        .filter(subscriber__is_active=True)
        .select_related("subscriber", "subscriber__user")
    )
    found: dict[int, Subscriber] = {}
    for sub in subs:
        if topic in (sub.topics or []) and sub.subscriber.is_confirmed:
            found.setdefault(sub.subscriber_id, sub.subscriber)
    return list(found.values())


def subscriber_for(user: User) -> Subscriber:
    """The user's subscriber record, made with the defaults the first time."""
    sub, _created = Subscriber.objects.get_or_create(
        user=user,
        defaults={
            "language": getattr(user, "preferred_language", "") or "en",
            "personal_topics": list(PERSONAL_TOPICS),
        },
    )
    return sub


def user_subscribers(topic: str, users: Iterable[User]) -> list[Subscriber]:
    """Subscribers for the named users who have not turned ``topic`` off."""
    out = []
    for user in users:
        if user is None or not user.is_active:
            continue
        sub = subscriber_for(user)
        if sub.is_active and topic in (sub.personal_topics or []):
            out.append(sub)
    return out


# ---------------------------------------------------------------- when it goes out


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def quiet_until(subscriber: Subscriber, now: dt.datetime | None = None) -> dt.datetime | None:
    """The end of the subscriber's quiet hours if ``now`` falls in them, else None.

    Quiet hours are wall-clock times in the site's (the areas') time zone (setting
    TIME_ZONE); a window may run over midnight (22:00–07:00)."""
    start, end = subscriber.quiet_start, subscriber.quiet_end
    if start is None or end is None or start == end:
        return None
    now = now or timezone.now()
    local = now.astimezone(local_zone())
    t = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= t < end
        end_day = local.date()
    else:  # over midnight
        inside = t >= start or t < end
        end_day = local.date() + dt.timedelta(days=1) if t >= start else local.date()
    if not inside:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=local_zone()).astimezone(dt.UTC)


# ---------------------------------------------------------------- publish


def publish(
    *,
    topic: str,
    areas: Iterable[Area] = (),
    subject: str,
    text: str,
    url: str,
    urgent: bool = False,
    html: str | None = None,
    users: Iterable[User] | None = None,
    source_key: str | None = None,
) -> int:
    """Queue a message for the subscribers of ``areas`` (or the named ``users``).

    Returns how many deliveries were queued (in-app notifications count too). The same
    ``source_key`` never delivers twice to the same subscriber on the same channel. Sending
    starts when the caller's transaction commits; nothing here raises because a channel or
    the queue fails."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")  # a programming error, not a channel's
    try:
        with transaction.atomic():
            if users is not None:
                recipients = user_subscribers(topic, list(users))
            else:
                recipients = area_subscribers(topic, list(areas or ()))
    except Exception:  # never undo the producer's action because a notification failed
        log.exception("publish(%s) could not find its recipients", topic)
        return 0
    return queue_for(
        recipients,
        topic=topic,
        subject=subject,
        text=text,
        url=url,
        urgent=urgent,
        html=html,
        source_key=source_key,
    )


def queue_for(
    recipients: list[Subscriber],
    *,
    topic: str,
    subject: str,
    text: str,
    url: str,
    urgent: bool = False,
    html: str | None = None,
    source_key: str | None = None,
) -> int:
    """Record deliveries for the given subscribers and send them after commit."""
    try:
        with transaction.atomic():
            created = _record(
                recipients,
                topic=topic,
                subject=subject,
                text=text,
                url=url,
                urgent=urgent,
                html=html,
                source_key=source_key or f"adhoc:{uuid.uuid4().hex}",
            )
    except Exception:  # never undo the producer's action because a notification failed
        log.exception("publish(%s) could not record its deliveries", topic)
        return 0
    ids = [d.pk for d in created if d.status == DeliveryStatus.QUEUED and not d.in_digest]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return len(created)


def _record(
    recipients: list[Subscriber],
    *,
    topic: str,
    subject: str,
    text: str,
    url: str,
    urgent: bool,
    html: str | None,
    source_key: str,
) -> list[Delivery]:
    if not recipients:
        return []
    existing = set(
        Delivery.objects.filter(
            source_key=source_key, subscriber__in=[r.pk for r in recipients]
        ).values_list("subscriber_id", "channel")
    )
    now = timezone.now()
    absolute = absolute_url(url)
    created = []
    for sub in recipients:
        for channel in sub.channels():
            if (sub.pk, channel) in existing:
                continue
            delivery = Delivery(
                source_key=source_key[:200],
                subscriber=sub,
                channel=channel,
                topic=topic,
                urgent=urgent,
                subject=subject[:SUBJECT_MAX],
                text=text,
                html=html or "",
                url=absolute,
                send_after=now,
            )
            _schedule(delivery, sub, now)
            try:
                with transaction.atomic():
                    delivery.save()
            except IntegrityError:  # a concurrent publish of the same key won the race
                continue
            created.append(delivery)
    return created


def _schedule(delivery: Delivery, sub: Subscriber, now: dt.datetime) -> None:
    """Decide how the delivery goes out: now, after quiet hours, in a digest, or not."""
    if delivery.channel == Channel.INAPP:
        delivery.status = DeliveryStatus.SENT  # the list is the channel
        delivery.sent_at = now
        return
    if delivery.urgent:
        return  # urgent alerts ignore quiet hours and digests
    if sub.frequency != Frequency.IMMEDIATE:
        if delivery.channel == Channel.EMAIL:
            delivery.in_digest = True
        else:  # digests are emails; text messages carry only urgent alerts then
            delivery.status = DeliveryStatus.SKIPPED
            delivery.last_error = "digest subscriber: not urgent"
        return
    later = quiet_until(sub, now)
    if later is not None:
        delivery.send_after = later


def absolute_url(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def enqueue(ids: list[int]) -> None:
    """Hand deliveries to the worker; if the queue is down, the periodic sweep sends them."""
    from beatbridge.core import jobs

    try:
        jobs.enqueue("beatbridge.subscriptions.tasks.send_deliveries", ids)
    except Exception:
        log.exception("could not enqueue %d deliveries; the sweep will send them", len(ids))


# ---------------------------------------------------------------- subscribing


def set_area_topics(
    subscriber: Subscriber, area: Area | None, topics: Iterable[str]
) -> Subscription:
    """Create or replace the subscriber's topics for ``area`` (None: city-wide)."""
    clean = [t for t in TOPICS if t in set(topics)]
    if not clean:
        raise ValueError("choose at least one topic")
    with transaction.atomic():
        sub, _created = Subscription.objects.select_for_update().get_or_create(
            subscriber=subscriber, area=area, defaults={"topics": clean}
        )
        if sub.topics != clean:
            sub.topics = clean
            sub.save(update_fields=["topics"])
    return sub


def subscribe_email(
    email: str, area: Area | None, topics: Iterable[str], language: str = "en"
) -> None:
    """Start (or repeat) an email-only subscription: store it unconfirmed and mail a
    confirmation link. Answers the same whether or not the address is known (the caller
    shows one message either way); a confirmed address gets its topics merged only after
    it confirms again."""
    from .emails import send_confirmation

    email = email.strip().lower()
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        sub, _created = Subscriber.objects.select_for_update().get_or_create(
            user=None, email=email, defaults={"language": language}
        )
        sub.confirm_digest = token_digest(token)
        sub.confirm_sent_at = timezone.now()
        sub.save(update_fields=["confirm_digest", "confirm_sent_at"])
        pending = {
            "area": area.pk if area else None,
            "topics": [t for t in TOPICS if t in set(topics)],
        }
        PendingChoice.store(sub, pending)
    transaction.on_commit(lambda: send_confirmation(sub.pk, token))


class PendingChoice:
    """What an email-only subscriber asked for, kept until the address is confirmed."""

    @staticmethod
    def store(sub: Subscriber, choice: dict[str, Any]) -> None:
        from .models import PendingSubscription

        PendingSubscription.objects.update_or_create(
            subscriber=sub, area_id=choice["area"], defaults={"topics": choice["topics"]}
        )


CONFIRM_HOURS = 72


def confirm_email(token: str) -> Subscriber | None:
    """Confirm an email-only subscription by its token; None if unknown or expired."""
    from .models import PendingSubscription

    if not token or len(token) > 100:
        return None
    digest = token_digest(token)
    with transaction.atomic():
        sub = (
            Subscriber.objects.select_for_update()
            .filter(user__isnull=True, confirm_digest=digest)
            .first()
        )
        if sub is None:
            return None
        if sub.confirm_sent_at and timezone.now() - sub.confirm_sent_at > dt.timedelta(
            hours=CONFIRM_HOURS
        ):
            return None
        sub.confirmed_at = sub.confirmed_at or timezone.now()
        sub.confirm_digest = ""
        sub.is_active = True
        sub.save(update_fields=["confirmed_at", "confirm_digest", "is_active"])
        for pending in PendingSubscription.objects.filter(subscriber=sub).select_related("area"):
            if pending.topics:
                set_area_topics(sub, pending.area, pending.topics)
            pending.delete()
    return sub


def unsubscribe(key: str) -> Subscriber | None:
    """One-click unsubscribe: stop every message to this subscriber. Idempotent; None if
    the key is unknown."""
    if not key or len(key) > 64:
        return None
    with transaction.atomic():
        sub = Subscriber.objects.select_for_update().filter(unsubscribe_key=key).first()
        if sub is None:
            return None
        if sub.user_id:
            # An account keeps its in-app list; email and text messages stop.
            sub.email_enabled = False
            sub.sms_enabled = False
            sub.save(update_fields=["email_enabled", "sms_enabled"])
        else:
            sub.is_active = False
            sub.save(update_fields=["is_active"])
        Delivery.objects.filter(
            subscriber=sub, status=DeliveryStatus.QUEUED, channel__in=["email", "sms"]
        ).update(status=DeliveryStatus.SKIPPED, last_error="unsubscribed")
    return sub


def subscriber_by_key(key: str) -> Subscriber | None:
    """The subscriber whose messages carry this key (unsubscribe and manage links)."""
    if not key or len(key) > 64:
        return None
    return Subscriber.objects.filter(unsubscribe_key=key).first()


def save_link_settings(sub: Subscriber, form: Any) -> Subscriber:
    """Save an email-only subscriber's settings from their link. Saving them is asking for
    messages: an address that unsubscribed earlier (and had confirmed) receives them again."""
    with transaction.atomic():
        sub = form.save(commit=False)
        sub.is_active = True
        sub.save()
    return sub


def mark_read(user: User, delivery_ids: Iterable[int] | None = None) -> int:
    """Mark the user's in-app notifications read (all, or the given ones)."""
    qs = Delivery.objects.filter(subscriber__user=user, channel=Channel.INAPP, read_at__isnull=True)
    if delivery_ids is not None:
        qs = qs.filter(pk__in=list(delivery_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Delivery.objects.filter(
        subscriber__user=user, channel=Channel.INAPP, read_at__isnull=True
    ).count()
