"""Rate limits for anonymous submissions, counted in the Django cache.

The client is identified by a keyed hash of its IP address that lives only in the cache
(for at most one window): it is never written to the database or stored with a concern.
The limit comes from ``settings.BEATBRIDGE["ANON_RATE_LIMIT"]``, e.g. ``"20/hour"``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

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


def client_ip(request: Any) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _client_hash(request: Any) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256
    ).hexdigest()[:32]


def hit(request: Any, scope: str, rate: str | None = None) -> int | None:
    """Count one submission; return None if allowed, else seconds until it is allowed again."""
    limit, period = parse_rate(rate or settings.BEATBRIDGE.get("ANON_RATE_LIMIT", "20/hour"))
    now = time.time()
    window = int(now // period)
    key = f"rl:{scope}:{_client_hash(request)}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    if count > limit:
        return max(1, int((window + 1) * period - now) + 1)
    return None
