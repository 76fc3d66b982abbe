"""Who is coming (RSVPs and the wait list), who came (attendance), and who lives there."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AGE_BANDS = [
    ("under_18", _("Under 18")),
    ("18_24", _("18–24")),
    ("25_34", _("25–34")),
    ("35_49", _("35–49")),
    ("50_64", _("50–64")),
    ("65_plus", _("65 and over")),
]
TENURES = [("renter", _("Renter")), ("owner", _("Owner")), ("other", _("Other housing"))]
HOME_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("pl", _("Polish")),
    ("ar", _("Arabic")),
    ("tl", _("Tagalog")),
    ("other", _("Another language")),
]
DIMENSIONS = {
    "age_band": (_("Age"), AGE_BANDS),
    "tenure": (_("Renter or owner"), TENURES),
    "language": (_("Language at home"), HOME_LANGUAGES),
}


def new_cancel_token() -> str:
    return secrets.token_urlsafe(24)


class Demographics(models.Model):
    """Optional, self-described: left empty unless the person chose to answer."""

    age_band = models.CharField(_("age"), max_length=10, choices=AGE_BANDS, blank=True, default="")
    tenure = models.CharField(
        _("renter or owner"), max_length=10, choices=TENURES, blank=True, default=""
    )
    language = models.CharField(
        _("language at home"), max_length=10, choices=HOME_LANGUAGES, blank=True, default=""
    )

    class Meta:
        abstract = True


class RSVPStatus(models.TextChoices):
    # An RSVP by email (no account) holds no place until its emailed link is followed.
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Coming")
    WAITLISTED = "waitlisted", _("On the wait list")
    CANCELLED = "cancelled", _("Cancelled")


class RSVP(Demographics):
    # Set on the returned instance by services.rsvp (not stored): what the caller may show.
    needs_confirmation: bool
    was_created: bool

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_rsvps",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    status = models.CharField(max_length=12, choices=RSVPStatus.choices)
    # The secret in the cancel link sent by email (no account needed).
    cancel_token = models.CharField(max_length=64, unique=True, default=new_cancel_token)
    created_at = models.DateTimeField(default=timezone.now)
    # When the place was asked for with a confirmed email (the link followed, or the RSVP
    # made with the account's own email); the wait list moves up in this order.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~models.Q(status="cancelled"),
                name="rsvp_once_per_email",
            )
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.meeting_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == RSVPStatus.PENDING


class Attendance(Demographics):
    """One person signed in at a meeting: an RSVP ticked on the sheet, or a walk-in."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendances"
    )
    rsvp = models.OneToOneField(
        RSVP, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True, default="")
    is_walk_in = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.name} @ {self.meeting_id}"


class AreaDemographics(models.Model):
    """Population shares per group for an area, to compare a meeting's attendees with.

    Each field maps group code → share of the population (0..1), e.g.
    ``{"renter": 0.62, "owner": 0.38}``. Entered by administrators from census tables.
    """

    area = models.OneToOneField("areas.Area", on_delete=models.CASCADE, related_name="demographics")
    age_band = models.JSONField(_("age shares"), default=dict, blank=True)
    tenure = models.JSONField(_("renter/owner shares"), default=dict, blank=True)
    language = models.JSONField(_("language-at-home shares"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("area demographics")
        verbose_name_plural = _("area demographics")

    def __str__(self) -> str:
        return str(self.area)
