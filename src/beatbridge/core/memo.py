"""Small per-process memos for reference data read on every request.

Officers' beat assignments, the officers a queue can assign to, categories and areas change a
few times a day at most but are read on every page an officer opens. A :class:`Memo` keeps
computed values for ``BEATBRIDGE["RECHECK_SECONDS"]`` (default 2; 0 in the tests, which then
compute every time). Changes saved in this process clear it at once (callers connect
:meth:`Memo.clear` to the models' signals); changes saved by another process are seen within
the recheck interval.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings

T = TypeVar("T")


def recheck_seconds() -> float:
    return float(getattr(settings, "BEATBRIDGE", {}).get("RECHECK_SECONDS", 2.0))


class Memo:
    def __init__(self, name: str, maxsize: int = 4096) -> None:
        self.name = name
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept value for ``key`` if younger than the recheck interval, else ``compute()``."""
        ttl = recheck_seconds()
        now = time.monotonic()
        if ttl > 0:
            with self._lock:
                found = self._values.get(key)
            if found is not None and now - found[0] < ttl:
                return found[1]
        value = compute()
        if ttl > 0:
            with self._lock:
                if len(self._values) >= self.maxsize:
                    self._values.clear()
                self._values[key] = (now, value)
        return value

    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Forget everything (signature fits a signal receiver)."""
        with self._lock:
            self._values.clear()
