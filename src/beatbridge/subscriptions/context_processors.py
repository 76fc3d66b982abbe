"""The unread in-app notification count shown in the navigation."""

from __future__ import annotations

from typing import Any


def notifications(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    from .services import unread_count

    return {"unread_notifications": unread_count(user)}
