"""Listeners that turn other apps' events into notifications (placeholder; filled below)."""

from __future__ import annotations


def on_concern_status_changed(sender, concern, **kwargs) -> None:  # noqa: ARG001
    return None
