"""Accent- and case-insensitive matching for the resource library ("policia" finds "Policía")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain.casefold()).strip()


def terms(query: str, limit: int = 8) -> list[str]:
    return [t for t in fold(query).split(" ") if t][:limit]
