"""Bookkeeping for anonymous submissions: tip retry keys and rate-limit counters.

Neither table holds an exact time, an IP address or anything a tipster sent:

* :class:`TipSubmissionKey` lets a retried tip find the tip it already created. It lives in
  its own table, holding only tips, rather than in the shared :class:`IdempotencyRecord`
  table: there, a tip's row would sit between the exactly timed rows of concerns sent just
  before and after it, and its place in the table (id, SQLite rowid or PostgreSQL heap order
  alike: a random id would hide only the first) would pin the hour-rounded tip to the
  minute. Here its neighbours are other tips, which all carry only their hour. It keeps a
  keyed hash of the key and of the request, no timestamp, and is deleted a day after the tip.
* :class:`RateLimitHit` counts submissions per client and window, atomically in the
  database so every worker process shares the count. The client is a keyed hash of its
  address *and* of the scope and window, so rows of one client in different scopes (a tip
  and a concern) or windows cannot be linked; rows are deleted once their window is over.
"""

from __future__ import annotations

import uuid

from django.db import models


class TipSubmissionKey(models.Model):
    """A tip's idempotency key (hashed): a retry with the same key finds the same tip."""

    key_hash = models.CharField(max_length=64, unique=True)
    request_hash = models.CharField(max_length=64)
    tip = models.OneToOneField("concerns.Tip", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"tip key {self.key_hash[:8]}…"


class RateLimitHit(models.Model):
    """How many submissions one client made in one scope and window."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.CharField(max_length=60)
    client = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    # When the window ends (a window boundary, never the time of a hit): rows past it go.
    expires = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window"], name="ratelimit_scope_client_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.count}"
