"""Notifications other apps' events cause, sent through ``publish``.

- Concern updates: ``concerns.notifications.notify_update`` (the public update verb's
  notice to the reporter) also sends ``concerns.signals.concern_update_published`` after
  commit; ``concern_updated`` tells the concern's supporters and its signed-in reporter (in
  the app, and by email/SMS if they chose); the reporter's own email from concerns stays.
- Referrals: ``concerns.signals.concern_referred`` → ``referral_notice`` tells the members of
  the organization a concern was referred to.
- Meeting reminders: an hourly task publishes "tomorrow" reminders of scheduled meetings to
  the subscribers of the meeting's areas (topic meeting_reminders); the RSVP reminders of
  the meetings app go out as before. Keyed per meeting and start time, so a moved meeting is
  reminded again and a re-run never repeats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .services import publish

log = logging.getLogger(__name__)


def concern_updated(concern_id: int, text: str) -> int:
    """Tell the people who raised or supported a public concern about a public update.
    Runs after the update committed; a failure here is logged, never raised."""
    try:
        return _concern_updated(concern_id, text)
    except Exception:
        log.exception("concern %s: supporters could not be notified", concern_id)
        return 0


def _concern_updated(concern_id: int, text: str) -> int:
    from beatbridge.accounts.models import User
    from beatbridge.concerns.models import Concern

    concern = Concern.objects.select_related("category").filter(pk=concern_id).first()
    if concern is None or not concern.is_public:
        return 0
    user_ids = set(concern.supports.filter(user__isnull=False).values_list("user_id", flat=True))
    if concern.submitted_by_id and not concern.is_anonymous:
        user_ids.add(concern.submitted_by_id)
    if not user_ids:
        return 0
    digest = hashlib.sha256(f"{concern.status}\n{text}".encode()).hexdigest()[:16]
    subject = _("Update on concern #%(id)s: %(status)s") % {
        "id": concern.pk,
        "status": concern.get_status_display(),
    }
    return publish(
        topic="concern_updates",
        subject=subject,
        text=text,
        url=reverse("concerns:detail", args=[concern.pk]),
        users=User.objects.filter(pk__in=user_ids, is_active=True),
        source_key=f"concern:{concern.pk}:update:{digest}",
    )


def publish_meeting_reminders(now: dt.datetime | None = None) -> int:
    """Remind area subscribers of the scheduled meetings that take place tomorrow."""
    from beatbridge.meetings.models import Meeting

    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    queued = 0
    meetings = Meeting.objects.filter(
        status="scheduled", starts_at__gte=start, starts_at__lt=end
    ).prefetch_related("areas")
    for meeting in meetings:
        areas = list(meeting.areas.all())
        if not areas:
            continue
        with translation.override("en"):
            when = timezone.localtime(meeting.starts_at)
            subject = _("Tomorrow: %(title)s") % {"title": meeting.title}
            text = _("%(title)s, %(date)s at %(time)s.") % {
                "title": meeting.title,
                "date": when.strftime("%A %d %B"),
                "time": when.strftime("%H:%M"),
            }
            location = getattr(meeting, "address", "")
            if location:
                text += "\n" + str(location)
        queued += publish(
            topic="meeting_reminders",
            areas=areas,
            subject=subject,
            text=text,
            url=meeting.get_absolute_url(),
            source_key=f"meeting:{meeting.pk}:reminder:{meeting.starts_at:%Y%m%d%H%M}",
        )
    return queued


def referral_notice(concern, organization) -> int:
    """Tell the members of the organization a concern was referred to (their partner home
    lists it); the message names no reporter."""
    from beatbridge.concerns import links

    members = list(organization.members.filter(is_active=True))
    if not members:
        return 0
    subject = _("A concern was referred to %(org)s: #%(id)s %(category)s") % {
        "org": organization.name,
        "id": concern.pk,
        "category": concern.category.name,
    }
    text = "\n\n".join(
        [
            _("The police referred concern #%(id)s (%(category)s, %(area)s) to %(org)s.")
            % {
                "id": concern.pk,
                "category": concern.category.name,
                "area": concern.neighborhood.name if concern.neighborhood_id else "—",
                "org": organization.name,
            },
            _("Accept it, post updates, mark it done or hand it back on your partner page."),
        ]
    )
    return publish(
        topic="concern_updates",
        subject=subject,
        text=text,
        url=links.absolute(reverse("accounts:partner_home")),
        users=members,
        source_key=f"concern-referral:{concern.pk}:{organization.pk}:{concern.updated_at:%s}",
    )


def _on_concern_update(sender, concern_id: int, text: str, **kwargs) -> None:
    concern_updated(concern_id, text)


def _on_concern_referred(sender, concern, organization, **kwargs) -> None:
    try:
        referral_notice(concern, organization)
    except Exception:
        log.exception("concern %s: the organization could not be notified", concern.pk)


def connect() -> None:
    """Listen to the concerns app's signals (from ``SubscriptionsConfig.ready``)."""
    from beatbridge.concerns.signals import concern_referred, concern_update_published

    concern_update_published.connect(_on_concern_update, dispatch_uid="subscriptions-update")
    concern_referred.connect(_on_concern_referred, dispatch_uid="subscriptions-referral")
