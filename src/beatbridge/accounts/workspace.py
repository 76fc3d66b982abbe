"""Panels other apps add to a partner organization member's home page and to everyone's
account page.

An app registers ``panel(request) -> dict | None`` in its ``AppConfig.ready``; the dict has
``template``, ``context`` and an ``order``. The partner home (``accounts.views.partner_home``)
renders each returned panel, so accounts never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_PANELS: list[Callable[[Any], dict | None]] = []


def register_partner_panel(func: Callable[[Any], dict | None]) -> Callable:
    if func not in _PANELS:
        _PANELS.append(func)
    return func


def partner_panels(request: Any) -> list[dict]:
    panels = [p for p in (func(request) for func in _PANELS) if p]
    return sorted(panels, key=lambda p: p.get("order", 100))


# The resident's account page (``accounts.views.profile``): the same shape, other panels —
# the concerns they reported and support, their meeting RSVPs.
_ACCOUNT_PANELS: list[Callable[[Any], dict | None]] = []


def register_account_panel(func: Callable[[Any], dict | None]) -> Callable:
    if func not in _ACCOUNT_PANELS:
        _ACCOUNT_PANELS.append(func)
    return func


def account_panels(request: Any) -> list[dict]:
    panels = [p for p in (func(request) for func in _ACCOUNT_PANELS) if p]
    return sorted(panels, key=lambda p: p.get("order", 100))
