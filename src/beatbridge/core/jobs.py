"""Background jobs by name, so that a verb can enqueue a task without importing ``tasks.py``.

``tasks.py`` modules call services; if services imported ``tasks`` back, every app would carry
an import circle (services → tasks → services). Instead a verb names the Huey task by its
dotted path and the task is imported when it is first enqueued::

    from beatbridge.core import jobs

    jobs.enqueue("beatbridge.meetings.tasks.send_rsvp_email", rsvp.pk, "confirmed")
    jobs.enqueue_on_commit("beatbridge.concerns.tasks.send_email", subject, body, to)

``tests/test_architecture.py`` checks that every name given here is a Huey task that exists.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


def task(name: str) -> Any:
    """The Huey task at the dotted path ``name`` (imported on first use)."""
    found = import_string(name)
    if not callable(getattr(found, "schedule", None)):
        raise TypeError(f"{name} is not a Huey task")
    return found


def enqueue(name: str, *args: Any, **kwargs: Any) -> Any:
    """Enqueue the task ``name`` now (run at once when HUEY is immediate, as in tests)."""
    return task(name)(*args, **kwargs)


def enqueue_on_commit(name: str, *args: Any, **kwargs: Any) -> None:
    """Enqueue the task ``name`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(name, *args, **kwargs))


def schedule_on_commit(name: str, args: tuple[Any, ...], **when: Any) -> None:
    """``task.schedule(args, eta=... | delay=...)`` once the current transaction commits."""
    transaction.on_commit(lambda: task(name).schedule(args=args, **when))
