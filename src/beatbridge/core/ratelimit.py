"""Rate limits for anonymous submissions and secret look-ups, shared by every worker process.

``hit(request, scope, rate=None)`` counts one attempt and answers whether it is allowed. The
count is a :class:`RateLimitHit` row, incremented with one atomic ``UPDATE ... SET count =
count + 1`` in the database every worker uses, so two gunicorn workers (or two machines)
share one limit; a per-process cache would give each worker its own.

The client is its address as the trusted proxy saw it (:func:`client_ip`, see
``BEATBRIDGE_PROXY_COUNT``); an IPv6 client counts by its /64 network, which one household
holds whole. It is stored only as a keyed hash (HMAC with the secret key) of the scope, the
window and the address, so the address is never in the clear, and one client's rows in two
scopes or windows cannot be linked. Rows are deleted once their window is over.

The counters live in a table of the concerns app (``concerns.RateLimitHit``, where the limiter
began); ``beatbridge.core`` imports no app, so concerns hands the model over with
:func:`use_model` in its ``AppConfig.ready``. Accounts, meetings and concerns all use the
limiter from here.

The limit comes from ``rate`` or ``settings.BEATBRIDGE["ANON_RATE_LIMIT"]``, e.g.
``"20/hour"``. The count is written in the caller's transaction: call ``hit`` outside an
atomic block when an attempt must count even if the request then fails.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.db.models import F

#: The model holding the counters (fields scope, client, window, count, expires; unique
#: together scope/client/window), handed over by :func:`use_model`.
_model: type[models.Model] | None = None


def use_model(model: type[models.Model]) -> None:
    """Keep the counters in ``model`` (called by ``ConcernsConfig.ready``)."""
    global _model
    _model = model


def _counters() -> Any:
    if _model is None:
        raise ImproperlyConfigured(
            "No rate-limit table: install beatbridge.concerns (it calls ratelimit.use_model)."
        )
    return _model._default_manager


PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
# One hit in this many also deletes the rows of windows that are over.
PRUNE_EVERY = 50


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/hour"`` -> ``(20, 3600)``; raises ImproperlyConfigured on nonsense."""
    try:
        count, period = rate.strip().split("/", 1)
        number = int(count)
        period = period.strip().lower()
        multiplier = 1
        digits = "".join(ch for ch in period if ch.isdigit())
        if digits:  # "5/10min"
            multiplier = int(digits)
            period = period.replace(digits, "").strip()
        seconds = PERIODS[period.rstrip("s") if period not in PERIODS else period] * multiplier
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"Bad rate {rate!r}: use e.g. '20/hour'.") from exc
    if number < 1 or seconds < 1:
        raise ImproperlyConfigured(f"Bad rate {rate!r}: use e.g. '20/hour'.")
    return number, seconds


def proxy_count() -> int:
    """How many reverse proxies in front of us append to ``X-Forwarded-For``."""
    count = getattr(settings, "BEATBRIDGE_PROXY_COUNT", 0)
    if not isinstance(count, int) or count < 0:
        raise ImproperlyConfigured(
            f"BEATBRIDGE_PROXY_COUNT={count!r}: give the number of trusted proxies (0 or more)."
        )
    return count


def client_ip(request: Any) -> str:
    """The client's address as the outermost trusted proxy saw it.

    With no trusted proxy (``BEATBRIDGE_PROXY_COUNT = 0``) that is ``REMOTE_ADDR``. With N,
    each proxy appends the address it received the request from to ``X-Forwarded-For``, so
    the N-th entry from the right is the one the first trusted proxy wrote; everything left
    of it was written by the client and is ignored. A header shorter than N means the
    request did not come through the proxies: ``REMOTE_ADDR`` is used.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    count = proxy_count()
    if count == 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    return hops[-count]


def _client_key(address: str) -> str:
    """One household's key: the address, or its /64 network for IPv6."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        mapped = parsed.ipv4_mapped
        if mapped is not None:
            return str(mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _value_hash(value: str, scope: str, window: int) -> str:
    message = f"ratelimit\x1f{scope}\x1f{window}\x1f{value}"
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def _count(scope: str, client: str, window: int, expires: int) -> int:
    """Add one to the row's count (creating it at 1) and return the new count, atomically.

    The UPDATE holds the row's lock until the transaction ends, so the count read after it
    is this hit's own; two first hits racing to create the row meet the unique constraint
    and the loser adds to the winner's row.
    """
    rows = _counters().filter(scope=scope, client=client, window=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    _counters().create(
                        scope=scope, client=client, window=window, count=1, expires=expires
                    )
                return 1
            except IntegrityError:
                rows.update(count=F("count") + 1)
        return rows.values_list("count", flat=True).get()


def prune(now: float | None = None) -> int:
    """Delete the counters of windows that are over; return how many went."""
    deleted, _by_model = _counters().filter(expires__lte=int(now or time.time())).delete()
    return deleted


def hit(request: Any, scope: str, rate: str | None = None) -> int | None:
    """Count one attempt; return None if allowed, else seconds until it is allowed again."""
    return hit_value(scope, _client_key(client_ip(request)), rate)


def hit_value(scope: str, value: str, rate: str | None = None) -> int | None:
    """Like :func:`hit`, for any value (an email, an account): counted under its keyed hash."""
    limit, period = parse_rate(rate or settings.BEATBRIDGE.get("ANON_RATE_LIMIT", "20/hour"))
    now = time.time()
    window = int(now // period)
    expires = (window + 1) * period
    count = _count(scope, _value_hash(value, scope, window), window, expires)
    if random.randrange(PRUNE_EVERY) == 0:  # noqa: S311 - load spreading, not security
        prune(now)
    if count > limit:
        return max(1, int(expires - now) + 1)
    return None
