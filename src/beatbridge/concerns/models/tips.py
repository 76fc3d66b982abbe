"""Tips: private information for police, anonymous by default, with a two-way conversation.

An anonymous tip stores no IP address, user id, user agent or exact time: ``received_hour``
is the submission time rounded down to the hour, and the conversation is reached only by a
secret code whose hash is stored (losing the code loses access).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def new_tip_code() -> str:
    # 4 groups of 5 unambiguous characters: easy to write down, ~100 bits.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


class TipStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEWING = "reviewing", _("Reviewing")
    ACTED_ON = "acted_on", _("Acted on")
    CLOSED = "closed", _("Closed")


class Tip(models.Model):
    category = models.ForeignKey(
        "concerns.Category", null=True, blank=True, on_delete=models.SET_NULL
    )
    body = models.TextField(_("what you know"), max_length=8000)
    location_text = models.CharField(_("where"), max_length=300, blank=True, default="")
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    district = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="tips"
    )
    beat = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="beat_tips"
    )
    is_anonymous = models.BooleanField(default=True)
    # Only for tipsters who chose to identify themselves:
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    contact = models.CharField(_("how to reach you"), max_length=200, blank=True, default="")
    code_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=TipStatus.choices, default=TipStatus.NEW)
    received_hour = models.DateTimeField(_("received (to the hour)"), db_index=True)

    class Meta:
        ordering = ["-received_hour", "-pk"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return f"Tip #{self.pk}"


class TipMessage(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    from_tipster = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )  # the officer; always empty for the tipster's messages
    body = models.TextField(max_length=8000)
    sent_hour = models.DateTimeField()  # rounded to the hour, like the tip itself

    class Meta:
        ordering = ["sent_hour", "pk"]
        verbose_name = _("tip message")
        verbose_name_plural = _("tip messages")

    def __str__(self) -> str:
        return f"Tip #{self.tip_id} message #{self.pk}"


class TipEvent(models.Model):
    """A tip's trail of what created a row: the tip arriving, the tipster's messages and the
    officers' replies. Kept out of the shared activity log on purpose: there, its place
    (a sequential id, SQLite's rowid, PostgreSQL's heap order) would sit between exactly
    timed neighbours and pin an hour-rounded tip to the minute. This table holds only tip
    events, all to the hour, so its neighbours say no more; the id is random as well. Staff
    reads and decisions (which create no tip rows) stay in the activity log, timed exactly."""

    label: str | Promise  # not stored: set for display by tips.services' audit trail

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="events")
    # The officer for a reply, the tipster only when they chose to identify themselves.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    verb = models.CharField(max_length=80)
    created_at = models.DateTimeField(_("when (to the hour)"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("tip event")
        verbose_name_plural = _("tip events")

    def __str__(self) -> str:
        return f"Tip #{self.tip_id} {self.verb}"

    # The activity log's interface, so one audit trail lists both.
    is_read = False

    @property
    def data(self) -> dict:
        return {}
