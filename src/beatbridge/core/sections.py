"""Sections other apps add to area pages (neighborhood, beat, district).

An app registers a function ``section(request, area) -> dict | None`` in its
``AppConfig.ready``; the dict has ``template`` and ``context`` (and an ``order``). The area
page renders each returned section in order, so the areas app never imports other apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SECTIONS: list[Callable[[Any, Any], dict | None]] = []


def register_area_section(func: Callable[[Any, Any], dict | None]) -> Callable:
    if func not in _SECTIONS:
        _SECTIONS.append(func)
    return func


def area_sections(request: Any, area: Any) -> list[dict]:
    sections = [s for s in (func(request, area) for func in _SECTIONS) if s]
    return sorted(sections, key=lambda s: s.get("order", 100))
