"""The emails meetings send. Plain text, in the recipient's language when we know it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from .models import RSVP, Meeting, RSVPStatus

# Marked for makemessages; translated when sent, in the recipient's language.
SUBJECTS = {
    "confirm": gettext_noop("Confirm your RSVP: {title}"),
    "already": gettext_noop("You already have an RSVP: {title}"),
    "confirmed": gettext_noop("You're coming: {title}"),
    "waitlisted": gettext_noop("You're on the wait list: {title}"),
    "promoted": gettext_noop("A place opened up — you're coming: {title}"),
    "reminder": gettext_noop("Tomorrow: {title}"),
    "moved": gettext_noop("New time: {title}"),
    "updated": gettext_noop("Details changed: {title}"),
    "cancelled": gettext_noop("Cancelled: {title}"),
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(reservation: RSVP, kind: str) -> None:
    language = reservation.user.preferred_language if reservation.user else "en"
    with translation.override(language):
        meeting = reservation.meeting
        context = {
            "rsvp": reservation,
            "meeting": meeting,
            "kind": kind,
            "meeting_url": absolute(meeting.get_absolute_url()),
            "ics_url": absolute(reverse("meetings:ics", args=[meeting.pk])),
            "cancel_url": absolute(
                reverse("meetings:rsvp_cancel", args=[reservation.cancel_token])
            ),
            "SITE_NAME": settings.SITE_NAME,
        }
        if kind == "confirm":
            from .services import confirmation_token

            context["confirm_url"] = absolute(
                reverse("meetings:rsvp_confirm", args=[confirmation_token(reservation)])
            )
            context["confirm_hours"] = settings.BEATBRIDGE.get("RSVP_CONFIRM_HOURS", 48)
        body = render_to_string("meetings/email/rsvp.txt", context)
        subject = translation.gettext(SUBJECTS[kind]).format(title=meeting.display_title)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reservation.email])


def rsvp_email(rsvp_id: int, kind: str) -> None:
    reservation = RSVP.objects.select_related("meeting", "user").filter(pk=rsvp_id).first()
    if reservation is None or reservation.status == RSVPStatus.CANCELLED:
        return
    # A confirmation link only for a pending RSVP; every other email only once confirmed.
    if (kind == "confirm") != (reservation.status == RSVPStatus.PENDING):
        return
    _send(reservation, kind)


def meeting_changed(meeting_id: int, change: str) -> int:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    sent = 0
    active = meeting.rsvps.filter(status__in=(RSVPStatus.CONFIRMED, RSVPStatus.WAITLISTED))
    for reservation in active.select_related("user"):
        _send(reservation, change)
        sent += 1
    return sent
