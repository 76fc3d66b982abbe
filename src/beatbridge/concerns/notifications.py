"""Emails to the person who reported a concern (only if they left an address).

Messages are built here and sent by a Huey task after the database transaction commits, so
the worker never races the write and a failed send never undoes a submission.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from . import links
from .models import Concern


def tracking_url(concern: Concern) -> str:
    """``SITE_URL/concerns/track/#<token>``: the token in the fragment, never in a path."""
    return links.absolute(links.tracking_path(concern.tracking_token))


def fixed_check_url(concern: Concern) -> str:
    return links.absolute(links.tracking_path(concern.tracking_token, "fixed"))


def _send_later(subject: str, body: str, to: str) -> None:
    from .tasks import send_email

    transaction.on_commit(lambda: send_email(subject, body, to))


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
