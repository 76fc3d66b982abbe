"""The messages watch groups send, through the subscriptions app's ``publish``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_watch_alert(
    *, users: Iterable[Any], subject: str, text: str, url: str, source_key: str
) -> int:
    """Queue a watch alert for the given members; returns the deliveries queued."""
    from beatbridge.subscriptions.services import publish

    return publish(
        topic="watch_alerts",
        users=list(users),
        subject=subject,
        text=text,
        url=url,
        source_key=source_key,
    )
