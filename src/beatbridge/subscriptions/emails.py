"""Building the messages: multipart email (plain text + HTML) with RFC 8058 one-click
unsubscribe headers, the SMS text, the double opt-in confirmation and the digest."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Delivery, Subscriber


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(sub: Subscriber) -> str:
    """The one-click link (its key rides in the path: mail clients POST to it as is)."""
    return absolute(reverse("subscriptions:unsubscribe", args=[sub.unsubscribe_key]))


def settings_url(sub: Subscriber | None = None) -> str:
    """Where to change what one receives: the settings page for account holders, the
    subscriber's own link for email-only subscribers (who have nothing to sign in with)."""
    if sub is not None and sub.user_id is None:
        return absolute(reverse("subscriptions:manage", args=[sub.unsubscribe_key]))
    return absolute(reverse("subscriptions:settings"))


def _headers(sub: Subscriber) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(sub)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def build_email(
    sub: Subscriber, deliveries: list[Delivery], subject: str
) -> EmailMultiAlternatives:
    """One email carrying one delivery, or several (a digest)."""
    with translation.override(sub.language or "en"):
        context = {
            "items": deliveries,
            "subject": subject,
            "unsubscribe_url": unsubscribe_url(sub),
            "settings_url": settings_url(sub),
            "site_name": settings.SITE_NAME,
            "is_digest": len(deliveries) > 1 or deliveries[0].in_digest,
        }
        text = render_to_string("subscriptions/email/message.txt", context)
        html = render_to_string("subscriptions/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[sub.address], headers=_headers(sub)
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_subject(sub: Subscriber, count: int) -> str:
    with translation.override(sub.language or "en"):
        return _("%(site)s: %(count)s new messages for you") % {
            "site": settings.SITE_NAME,
            "count": count,
        }


def send_confirmation(subscriber_id: int, token: str) -> None:
    """Mail the double opt-in link (sent after the transaction commits)."""
    from beatbridge.core import jobs

    jobs.enqueue("beatbridge.subscriptions.tasks.send_confirmation_email", subscriber_id, token)


def confirmation_message(sub: Subscriber, token: str) -> EmailMultiAlternatives:
    link = absolute(reverse("subscriptions:confirm", args=[token]))
    with translation.override(sub.language or "en"):
        context = {"link": link, "site_name": settings.SITE_NAME}
        subject = _("Confirm your subscription to %(site)s") % {"site": settings.SITE_NAME}
        text = render_to_string("subscriptions/email/confirm.txt", context)
        html = render_to_string("subscriptions/email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[sub.email], headers={"Auto-Submitted": "auto-generated"}
    )
    message.attach_alternative(html, "text/html")
    return message
