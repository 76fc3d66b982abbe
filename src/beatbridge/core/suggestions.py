"""Suggestions other apps' pages show beside a concern or incident category.

An app registers ``suggester(categories: list[str], language: str, limit: int) -> list``
in its ``AppConfig.ready``; each returns suggestion objects with at least ``title`` and
``url``. A concern or data page asks :func:`suggestions` (through the template tag
``{% suggested_resources %}`` the outreach app ships), so those apps never import the one
providing the suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Suggester = Callable[[list[str], str, int], list[Any]]
_SUGGESTERS: list[Suggester] = []


def register_suggester(func: Suggester) -> Suggester:
    if func not in _SUGGESTERS:
        _SUGGESTERS.append(func)
    return func


def suggestions(categories: Iterable[str], language: str, limit: int = 3) -> list[Any]:
    """Up to ``limit`` suggestions for these category codes (concern or offense codes)."""
    codes = [str(c) for c in categories if c]
    found: list[Any] = []
    for func in _SUGGESTERS:
        found.extend(func(codes, language, limit - len(found)))
        if len(found) >= limit:
            break
    return found[:limit]


TextSuggester = Callable[[str, str, int], list[Any]]
_TEXT_SUGGESTERS: list[TextSuggester] = []


def register_text_suggester(func: TextSuggester) -> TextSuggester:
    """``func(text, language, limit)``: suggestions for what a text (e.g. a workshop's title
    and description) is about."""
    if func not in _TEXT_SUGGESTERS:
        _TEXT_SUGGESTERS.append(func)
    return func


def text_suggestions(text: str, language: str, limit: int = 3) -> list[Any]:
    found: list[Any] = []
    for func in _TEXT_SUGGESTERS:
        found.extend(func(text or "", language, limit - len(found)))
        if len(found) >= limit:
            break
    return found[:limit]
