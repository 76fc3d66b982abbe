"""Idempotent submissions: a retried request with the same key returns the first result.

``idempotent(scope, key, fn, request_hash=...)`` runs ``fn()`` at most once per
``(scope, key)``. ``fn`` returns ``(status_code, body)`` with a JSON-serializable body (dict
or list); the pair is stored in an :class:`IdempotencyRecord` in the same transaction as
whatever ``fn`` wrote, so either both exist or neither does. A second call with the same key
*and the same request fingerprint* returns the stored pair; the same key with a different
fingerprint raises :class:`IdempotencyConflict` (HTTP 422), so a key never hands one
client's result to another request.

Keys must carry at least 128 bits of randomness (:func:`check_key`, :data:`KEY_RULE`): a
short or patterned key ("42", "retry-1", a UUID) is refused with 400 before anything runs.

Two racing requests with the same key: both run ``fn`` inside a transaction, one commits its
record first, the other hits the unique constraint on ``(scope, key)``, rolls back all it
wrote (so no second concern exists) and returns the winner's stored result.

Only successful results (status < 400) are stored: a submission refused for bad input can
be corrected and sent again with the same key. Callers store only what they may hand back
on a replay: never a secret (a tip code, an anonymous report's tracking token).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import IdempotencyRecord

MAX_KEY_LENGTH = 200
MIN_KEY_BITS = 128
HEADER = "Idempotency-Key"

KEY_RULE = _lazy(
    "Send the same key when retrying: the first result is answered again (with "
    "Idempotent-Replayed: true) and nothing is created twice; the same key with a different "
    "request is refused with 422, and a replay never repeats a secret (tip code, tracking "
    "token). The key must carry at least 128 bits of randomness: at least 32 hexadecimal "
    "characters or 22 base64url characters from a secure random generator (for example "
    "secrets.token_urlsafe(16) or secrets.token_hex(16)), at most 200 characters of "
    "A-Z a-z 0-9 - _ + / =. A UUID (122 random bits), short, all-digit or repetitive keys "
    "are refused with 400."
)

_ALLOWED = re.compile(r"[A-Za-z0-9_\-+/=]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_ALNUM_ONE_CASE = re.compile(r"[a-z0-9]+|[A-Z0-9]+")
_ALNUM = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class IdempotentResult:
    status: int
    body: Any
    replayed: bool


class IdempotencyConflict(Exception):  # noqa: N818
    """The key was already used for a different request."""


class IdempotencyKeyRefused(ValueError):  # noqa: N818
    """The key is too weak (or malformed) to be used: answer 400 with ``str(exc)``."""


class _Rollback(Exception):  # noqa: N818 - internal control flow only
    def __init__(self, status: int, body: Any):
        self.status, self.body = status, body


def estimated_bits(key: str) -> float:
    """How many bits of randomness ``key`` can hold at most, judged by its character set.

    The smallest usual alphabet that holds every character sets the bits per character:
    digits 3.32, hexadecimal 4 (dashes between hex groups are separators and count
    nothing), one-case letters and digits 5.17, letters and digits 5.95, base64/base64url
    6 (trailing ``=`` padding counts nothing). A canonical UUID counts 122 bits (its version
    and variant are fixed). A key with fewer than 6 distinct characters, or one that repeats
    a shorter pattern, counts 0: we cannot measure randomness, only catch keys that have none.
    """
    if _UUID.fullmatch(key):
        return 122.0
    body = key.rstrip("=")
    core = body.replace("-", "")
    if len(set(core)) < 6 or (core + core).find(core, 1) < len(core):
        return 0.0
    if core.isdigit():
        return len(core) * math.log2(10)
    if _HEX.fullmatch(core):
        return len(core) * 4.0
    if _ALNUM_ONE_CASE.fullmatch(body):
        return len(body) * math.log2(36)
    if _ALNUM.fullmatch(body):
        return len(body) * math.log2(62)
    return len(body) * 6.0


def check_key(raw: str | None) -> str:
    """The key to use ("" when none was sent); raise IdempotencyKeyRefused if it is weak."""
    key = (raw or "").strip()
    if not key:
        return ""
    if len(key) > MAX_KEY_LENGTH or not _ALLOWED.fullmatch(key):
        raise IdempotencyKeyRefused(
            _("The Idempotency-Key may hold at most %(n)s characters of A-Z a-z 0-9 - _ + / =.")
            % {"n": MAX_KEY_LENGTH}
        )
    if estimated_bits(key) < MIN_KEY_BITS:
        raise IdempotencyKeyRefused(
            _(
                "The Idempotency-Key is too easy to guess: send at least 128 random bits, "
                "e.g. 32 hexadecimal or 22 base64url characters from a secure random "
                "generator (a UUID has only 122 random bits)."
            )
        )
    return key


def request_fingerprint(*parts: Any) -> str:
    """A stable hash of the request's content, for ``idempotent(request_hash=...)``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def new_form_token() -> str:
    """A web form's hidden ``submission_token``: 192 random bits, so it passes check_key."""
    return secrets.token_urlsafe(24)


def form_token(form: Any, field: str = "submission_token") -> str | None:
    """The bound form's checked submission token ("" when none was sent).

    A weak or malformed token (not one we generated) gives None: the form gets an error
    and a fresh token, so sending it again works.
    """
    try:
        return check_key(form.data.get(form.add_prefix(field)))
    except IdempotencyKeyRefused:
        refresh_form_token(form, field)
        form.add_error(None, _("This form has expired. Please check it and send it again."))
        return None


def refresh_form_token(form: Any, field: str = "submission_token") -> None:
    """Give a bound form a new submission token (re-rendered, it starts a new submission)."""
    form.data = form.data.copy()
    form.data[form.add_prefix(field)] = new_form_token()


def form_fingerprint(request: Any, *extra: Any) -> str:
    """The fingerprint of a web form post: its fields and files, the user and the browser.

    The browser is the CSRF cookie's secret (hashed here), so a replay of a web submission
    only ever answers the browser that sent the first one.
    """
    skip = {"csrfmiddlewaretoken", "submission_token"}
    fields = sorted((k, request.POST.getlist(k)) for k in request.POST if k not in skip)
    files = sorted((k, [(f.name, f.size) for f in request.FILES.getlist(k)]) for k in request.FILES)
    browser = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    user = getattr(request, "user", None)
    return request_fingerprint(fields, files, getattr(user, "pk", None), browser, *extra)


def _stored(scope: str, key: str, request_hash: str) -> IdempotentResult | None:
    record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if record is None:
        return None
    # A record without a fingerprint (written before fingerprints were kept) matches nothing.
    if not hmac.compare_digest(record.request_hash or "-", request_hash):
        raise IdempotencyConflict(key)
    return IdempotentResult(record.response_status, record.response_body, True)


def lookup(scope: str, key: str, *, request_hash: str) -> IdempotentResult | None:
    """The stored result for ``(scope, key)`` if this very request was already handled.

    ``key`` must have passed :func:`check_key`. Raises IdempotencyConflict when the key
    was used for a different request.
    """
    return _stored(scope, key, request_hash) if key else None


def idempotent(
    scope: str,
    key: str | None,
    fn: Callable[[], tuple[int, Any]],
    *,
    request_hash: str,
    object_id: Callable[[Any], Any] | None = None,
    stored_body: Callable[[Any], Any] | None = None,
) -> IdempotentResult:
    """Run ``fn`` once per ``(scope, key)``; without a key just run it.

    ``key`` must have passed :func:`check_key` (raises IdempotencyKeyRefused otherwise).
    Reusing a key for a request with another ``request_hash`` raises IdempotencyConflict
    (answer it with HTTP 422). ``stored_body(body)`` is what is kept and replayed: leave
    out any secret the first answer carried (default: the whole body).
    """
    key = check_key(key)
    if not key:
        status, body = fn()
        return IdempotentResult(status, body, False)
    if not request_hash:
        raise ValueError("idempotent() needs the request's fingerprint")
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
                    response_body=stored_body(body) if stored_body is not None else body,
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
