"""Idempotent submissions: a retried request with the same key returns the first result.

``idempotent(scope, key, fn)`` runs ``fn()`` at most once per ``(scope, key)``. ``fn`` returns
``(status_code, body)`` with a JSON-serializable body (dict or list); the pair is stored in
an :class:`IdempotencyRecord` in the same transaction as whatever ``fn`` wrote, so either
both exist or neither does. A second call with the same key returns the stored pair.

Two racing requests with the same key: both run ``fn`` inside a transaction, one commits its
record first, the other hits the unique constraint on ``(scope, key)``, rolls back all it
wrote (so no second concern exists) and returns the winner's stored result.

Only successful results (status < 400) are stored: a submission refused for bad input can
be corrected and sent again with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from .models import IdempotencyRecord

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class IdempotentResult:
    status: int
    body: Any
    replayed: bool


class IdempotencyConflict(Exception):  # noqa: N818
    """The key was already used for a different request."""


class _Rollback(Exception):  # noqa: N818 - internal control flow only
    def __init__(self, status: int, body: Any):
        self.status, self.body = status, body


def _stored(scope: str, key: str, request_hash: str = "") -> IdempotentResult | None:
    record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if record is None:
        return None
    if request_hash and record.request_hash and record.request_hash != request_hash:
        raise IdempotencyConflict(key)
    return IdempotentResult(record.response_status, record.response_body, True)


def request_fingerprint(*parts: Any) -> str:
    """A stable hash of the request's content, for ``idempotent(request_hash=...)``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def lookup(scope: str, key: str | None) -> IdempotentResult | None:
    """The stored result for ``(scope, key)``, if that submission already happened."""
    key = (key or "").strip()[:MAX_KEY_LENGTH]
    return _stored(scope, key) if key else None


def idempotent(
    scope: str,
    key: str | None,
    fn: Callable[[], tuple[int, Any]],
    *,
    request_hash: str = "",
    object_id: Callable[[Any], Any] | None = None,
) -> IdempotentResult:
    """Run ``fn`` once per ``(scope, key)``; without a key just run it.

    With ``request_hash``, reusing a key for a different request raises IdempotencyConflict
    (answer it with HTTP 422) instead of returning someone else's result.
    """
    key = (key or "").strip()[:MAX_KEY_LENGTH]
    if not key:
        status, body = fn()
        return IdempotentResult(status, body, False)
    earlier = _stored(scope, key, request_hash)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            status, body = fn()
            if status >= 400:
                # Nothing to remember; undo anything fn wrote before failing.
                raise _Rollback(status, body)
            oid = object_id(body) if object_id is not None else ""
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    response_status=status,
                    response_body=body,
                    object_id=str(oid or "")[:64],
                    request_hash=request_hash,
                )
    except _Rollback as failed:
        return IdempotentResult(failed.status, failed.body, False)
    except IntegrityError:
        winner = _stored(scope, key, request_hash)
        if winner is None:
            raise
        return winner
    return IdempotentResult(status, body, False)
