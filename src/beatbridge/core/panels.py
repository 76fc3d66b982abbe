"""Panels other apps add to the supervisors' dashboard (the priorities dashboard).

An app registers ``panel(request) -> dict | None`` in ``AppConfig.ready``; the dict has
``template`` and ``context`` (and an ``order``). The dashboard renders each returned panel
through the ``{% dashboard_panels %}`` tag, so its app never imports the panel's app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_PANELS: list[Callable[[Any], dict | None]] = []


def register_dashboard_panel(func: Callable[[Any], dict | None]) -> Callable:
    if func not in _PANELS:
        _PANELS.append(func)
    return func


def dashboard_panels(request: Any) -> list[dict]:
    panels = [p for p in (func(request) for func in _PANELS) if p]
    return sorted(panels, key=lambda p: p.get("order", 100))
