"""The pulse invitation email: sent after the transaction commits, token in a query string
(``token=`` is masked in access logs)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def answer_url(wave_id: int, token: str) -> str:
    path = reverse("surveys:answer", args=[wave_id]) + f"?token={token}"
    return settings.SITE_URL.rstrip("/") + path


def send_pulse_invitation(email: str, token: str, language: str = "en") -> None:
    from beatbridge.concerns.tasks import send_email

    from .models import Invitation
    from .services import keyed_hash

    wave_id = Invitation.objects.get(token_hash=keyed_hash("invitation", token)).wave_id
    with translation.override(language or "en"):
        subject = _("Your concern was resolved: two quick questions")
        body = "\n\n".join(
            [
                _("Was it fixed, and how were you treated? Two questions, anonymous:"),
                answer_url(wave_id, token),
                _("Your answers are not linked to you or to your concern."),
            ]
        )
    transaction.on_commit(lambda: send_email(subject, body, email))
