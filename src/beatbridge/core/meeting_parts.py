"""What other apps contribute to a meeting's agenda and pages, without meetings importing them.

Priorities are decided at beat meetings, so ``priorities`` imports ``meetings`` and never the
other way round. The meeting's agenda still lists the area's current and proposed priorities,
and its page and minutes editor show the decisions taken: the priorities app registers those
pieces here in its ``AppConfig.ready``, and meetings asks for them by name. With nothing
registered, an agenda has no priority items and a page no priority panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: name -> function(area) returning a list, e.g. "current_priorities", "proposed_priorities".
_area_lists: dict[str, Callable[[Any], list[Any]]] = {}
#: functions(meeting) -> context for the meeting page and the minutes editor.
_meeting_contexts: list[Callable[[Any], dict[str, Any]]] = []
#: functions(request, meeting) -> context (forms) for the minutes editor only.
_minutes_contexts: list[Callable[[Any, Any], dict[str, Any]]] = []


def register_area_list(name: str, function: Callable[[Any], list[Any]]) -> None:
    _area_lists[name] = function


def area_list(name: str, area: Any) -> list[Any]:
    """The list ``name`` for ``area`` ([] when no area, or nobody registered ``name``)."""
    function = _area_lists.get(name)
    if area is None or function is None:
        return []
    return function(area)


def register_meeting_context(function: Callable[[Any], dict[str, Any]]) -> None:
    if function not in _meeting_contexts:
        _meeting_contexts.append(function)


def meeting_context(meeting: Any) -> dict[str, Any]:
    """Template context the registered apps add to a meeting's page and minutes editor."""
    context: dict[str, Any] = {}
    for function in _meeting_contexts:
        context.update(function(meeting))
    return context


def register_minutes_context(function: Callable[[Any, Any], dict[str, Any]]) -> None:
    if function not in _minutes_contexts:
        _minutes_contexts.append(function)


def minutes_context(request: Any, meeting: Any) -> dict[str, Any]:
    """Template context (forms posting to other apps) for the minutes editor."""
    context: dict[str, Any] = {}
    for function in _minutes_contexts:
        context.update(function(request, meeting))
    return context
