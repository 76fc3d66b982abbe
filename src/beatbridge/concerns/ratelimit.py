"""The rate limiter moved to :mod:`beatbridge.core.ratelimit` (accounts and meetings use it
too); concerns keeps its table, and this name for its own modules."""

from beatbridge.core.ratelimit import (  # noqa: F401
    PERIODS,
    PRUNE_EVERY,
    client_ip,
    hit,
    hit_value,
    parse_rate,
    proxy_count,
    prune,
)
