"""Categories by code or id, kept per process: every submission names one.

Categories are edited a few times a year in the admin and read on every submission, so each
process keeps the active ones in memory. A change saved in this process is seen at once (the
model signals clear the cache); one saved by another process is seen within
``BEATBRIDGE["RECHECK_SECONDS"]`` (0 in the tests: read every time). Callers get their own
copy of the instance, so nothing they do to it leaks into the next request.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models.signals import post_delete, post_save

from beatbridge.core.memo import Memo

from .models import Category

_memo = Memo("categories")


def invalidate(*args: Any, **kwargs: Any) -> None:
    """Forget the kept categories (connected to Category's save and delete signals)."""
    _memo.clear()


def _load() -> tuple[dict[str, Category], dict[int, Category]]:
    rows = list(Category.objects.all())
    return {c.code: c for c in rows}, {c.pk: c for c in rows}


def _tables() -> tuple[dict[str, Category], dict[int, Category]]:
    return _memo.get("all", _load)


def _ordered() -> list[Category]:
    _by_code, by_id = _tables()
    return sorted(by_id.values(), key=lambda c: (c.order, c.name_en))


def category_names() -> list[tuple[int, str]]:
    """(id, name in the current language) of every category, in the admin's order."""
    return [(c.pk, c.name) for c in _ordered()]


def response_targets() -> list[tuple[int, int]]:
    """(id, response target in hours) of every category."""
    return [(c.pk, c.response_target_hours) for c in _ordered()]


def get_category(*, code: str | None = None, pk: int | None = None) -> Category | None:
    """The category with this code (or id), or None; a fresh copy the caller may change."""
    by_code, by_id = _tables()
    found = by_id.get(pk) if pk is not None else by_code.get(code or "")
    return copy.copy(found) if found is not None else None


post_save.connect(invalidate, sender=Category, dispatch_uid="concerns.categories.saved")
post_delete.connect(invalidate, sender=Category, dispatch_uid="concerns.categories.deleted")
