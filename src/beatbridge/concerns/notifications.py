"""Emails to the person who reported a concern (only if they left an address), and the
"a new tip arrived" notice to a district's officers.

Messages are built here and sent by a Huey task after the database transaction commits, so
the worker never races the write and a failed send never undoes a submission.

A tip is stored to the hour; its notice must not say more. It is sent after the next full
hour plus a random delay, and its ``Date:`` header is that full hour, so neither the moment
the email arrives nor its headers tell an officer when within the hour the tip came.
"""

from __future__ import annotations

import datetime as dt
import secrets
from email.utils import formatdate

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beatbridge.core import jobs

from . import links
from .models import Concern, Tip

#: Up to how many minutes after the full hour a tip notice goes out (the random delay).
TIP_NOTICE_JITTER_MINUTES = 20


def tracking_url(concern: Concern) -> str:
    """``SITE_URL/concerns/track/#<token>``: the token in the fragment, never in a path."""
    return links.absolute(links.tracking_path(concern.tracking_token))


def fixed_check_url(concern: Concern) -> str:
    return links.absolute(links.tracking_path(concern.tracking_token, "fixed"))


def _send_later(subject: str, body: str, to: str) -> None:
    jobs.enqueue_on_commit("beatbridge.concerns.tasks.send_email", subject, body, to)


def _lang(concern: Concern):
    user = concern.submitted_by
    return translation.override(getattr(user, "preferred_language", None) or "en")


def notify_submitted(concern: Concern) -> None:
    if not concern.contact_email:
        return
    with _lang(concern):
        subject = _("We received your concern #%(id)s") % {"id": concern.pk}
        body = "\n\n".join(
            [
                _("Thank you for telling us about: %(category)s.")
                % {"category": concern.category.name},
                _("Follow what happens, reply, or reopen it here (keep this link private):"),
                tracking_url(concern),
            ]
        )
    _send_later(subject, body, concern.contact_email)


def notify_update(concern: Concern, text: str) -> None:
    """Tell the submitter about a public change or note on their concern."""
    from .models import Concern as _Concern
    from .signals import concern_update_published  # supporters, in-app (subscriptions)

    transaction.on_commit(
        lambda: concern_update_published.send(sender=_Concern, concern_id=concern.pk, text=text)
    )
    if not concern.contact_email:
        return
    with _lang(concern):
        subject = _("Update on your concern #%(id)s: %(status)s") % {
            "id": concern.pk,
            "status": concern.get_status_display(),
        }
        body = "\n\n".join([text, _("See the full timeline:"), tracking_url(concern)])
    _send_later(subject, body, concern.contact_email)


def notify_fixed_check(concern: Concern) -> None:
    if not concern.contact_email:
        return
    with _lang(concern):
        subject = _("Is it really fixed? Your concern #%(id)s") % {"id": concern.pk}
        body = "\n\n".join(
            [
                _("A few weeks ago we marked your concern about %(category)s as resolved.")
                % {"category": concern.category.name},
                _("Is it really fixed? Answer yes or no here:"),
                fixed_check_url(concern),
            ]
        )
    _send_later(subject, body, concern.contact_email)


def tip_notification_eta(now: dt.datetime | None = None, jitter_minutes: int | None = None):
    """When a notice about a tip received ``now`` goes out: on or after the next full hour,
    plus a random delay of up to ``jitter_minutes`` (setting TIP_NOTICE_JITTER_MINUTES)."""
    now = now or timezone.now()
    if jitter_minutes is None:
        jitter_minutes = int(
            settings.BEATBRIDGE.get("TIP_NOTICE_JITTER_MINUTES", TIP_NOTICE_JITTER_MINUTES)
        )
    next_hour = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    jitter = secrets.randbelow(max(0, jitter_minutes) * 60 + 1)
    return next_hour + dt.timedelta(seconds=jitter)


def tip_notice_date(eta: dt.datetime) -> str:
    """The ``Date:`` header of a tip notice: the full hour it was due (not the send time)."""
    hour = eta.replace(minute=0, second=0, microsecond=0)
    return formatdate(hour.timestamp(), usegmt=True)


def tip_notice_recipients(tip: Tip) -> list[str]:
    """Addresses of the active officers assigned today to a beat of the tip's district."""
    from django.contrib.auth import get_user_model

    from beatbridge.areas.models import OfficerAssignment

    if tip.district_id is None:
        return []
    # Officers of the district's beats, or of the district itself where districts are the
    # areas officers work (a city without beats: beatbridge.areas.patrol).
    assigned = (
        OfficerAssignment.objects.filter(
            Q(beat__parent_id=tip.district_id) | Q(beat_id=tip.district_id)
        )
        .current()
        .values("officer_id")
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=assigned, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def notify_new_tip(tip: Tip, now: dt.datetime | None = None) -> dt.datetime | None:
    """Tell the district's officers that a tip arrived (no content: they read it inside),
    after the next full hour (see :func:`tip_notification_eta`). Returns the time it is due,
    or None when nobody is told."""
    emails = tip_notice_recipients(tip)
    if not emails:
        return None
    eta = tip_notification_eta(now)
    date = tip_notice_date(eta)
    link = settings.SITE_URL.rstrip("/") + reverse("tips:inbox")
    subject = _("A new tip arrived for your district")
    text = _("Read it and reply in the tip inbox: %(link)s") % {"link": link}

    def enqueue() -> None:
        send_tip_notice = jobs.task("beatbridge.concerns.tasks.send_tip_notice")
        for email in emails:
            send_tip_notice.schedule(args=(subject, text, email, date), eta=eta)

    transaction.on_commit(enqueue)
    return eta


def notify_referral(concern: Concern, organization) -> None:
    """Tell the members of the organization a concern was referred to (their partner home
    lists it): the ``concern_referred`` signal, which the subscriptions app turns into a
    message through ``publish`` (topic ``concern_updates``), so each member's channels and
    quiet hours apply; the message names no reporter."""
    from .models import Concern as _Concern
    from .signals import concern_referred

    concern_referred.send(sender=_Concern, concern=concern, organization=organization)
