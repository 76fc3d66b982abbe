"""Who may do what with notifications (the only place that decides)."""

from __future__ import annotations

from typing import Any


def can_manage_subscriptions(user: Any) -> bool:
    """Any signed-in, active person manages their own notifications (every role)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_edit_subscription(user: Any, subscription: Any) -> bool:
    """Only the subscription's own person; staff do not edit residents' choices."""
    return can_manage_subscriptions(user) and (
        subscription.subscriber.user_id is not None and subscription.subscriber.user_id == user.pk
    )


def can_manage_by_link(subscriber: Any) -> bool:
    """An email-only subscriber manages their choices from the link in every message (its
    key is the authority, as for the one-click unsubscribe) once the address is confirmed.
    Account holders use their settings page instead."""
    return subscriber is not None and subscriber.user_id is None and bool(subscriber.confirmed_at)


def can_read_notification(user: Any, delivery: Any) -> bool:
    return can_manage_subscriptions(user) and delivery.subscriber.user_id == user.pk
