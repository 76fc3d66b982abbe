"""Who wants to hear about what, where, and how; and every message sent (the delivery log).

A ``Subscriber`` is either a signed-in user (``user``) or an email-only address that has
confirmed by double opt-in (``email`` + ``confirmed_at``). Its ``Subscription`` rows name the
areas (``area`` null: the whole city) and, per area, the topics. ``Delivery`` is one message
to one subscriber on one channel; ``(source_key, subscriber, channel)`` is unique, so a
producer that publishes twice, or a worker that retries, never delivers twice.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    ANNOUNCEMENTS = "announcements", _("Announcements")
    URGENT_ALERTS = "urgent_alerts", _("Urgent safety alerts")
    MEETING_REMINDERS = "meeting_reminders", _("Meeting reminders")
    CONCERN_UPDATES = "concern_updates", _("Updates on concerns I raised or supported")
    WATCH_ALERTS = "watch_alerts", _("Watch-group alerts")
    MONTHLY_STATISTICS = "monthly_statistics", _("Monthly statistics digest")


TOPICS = tuple(Topic.values)
#: Topics sent to named people (``publish(users=...)``) rather than to an area's subscribers.
PERSONAL_TOPICS = (Topic.CONCERN_UPDATES.value, Topic.WATCH_ALERTS.value)
DEFAULT_AREA_TOPICS = [
    Topic.ANNOUNCEMENTS.value,
    Topic.URGENT_ALERTS.value,
    Topic.MEETING_REMINDERS.value,
]


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")
    INAPP = "inapp", _("In the app")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As they happen")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


def new_key() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Subscriber(models.Model):
    """One person's notification settings: a user, or a confirmed email-only address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriber",
        verbose_name=_("user"),
    )
    # Email-only subscribers (no account). For users the account's address is used.
    email = models.EmailField(_("email address"), blank=True, default="")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # sha256 of the double opt-in token mailed out; cleared once confirmed.
    confirm_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The secret in every message's unsubscribe link (RFC 8058 one-click).
    unsubscribe_key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    email_enabled = models.BooleanField(_("email"), default=True)
    sms_enabled = models.BooleanField(_("text message (SMS)"), default=False)
    inapp_enabled = models.BooleanField(_("in the app"), default=True)
    phone = models.CharField(_("mobile phone for text messages"), max_length=20, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    # Topics for messages addressed to the person (their concerns, their watch groups).
    personal_topics = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(user__isnull=True),
                name="subscriber_email_only_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"subscriber {self.pk}"

    @property
    def address(self) -> str:
        """The email address messages go to ('' if none)."""
        if self.user_id:
            return self.user.email if self.user.is_active else ""
        return self.email if self.confirmed_at else ""

    @property
    def is_confirmed(self) -> bool:
        return bool(self.user_id) or self.confirmed_at is not None

    def channels(self) -> list[str]:
        out = []
        if self.email_enabled:
            out.append(Channel.EMAIL.value)
        if self.sms_enabled and self.phone:
            out.append(Channel.SMS.value)
        if self.inapp_enabled and self.user_id:
            out.append(Channel.INAPP.value)
        return out


class Subscription(models.Model):
    """Topics a subscriber follows in one area (``area`` null: city-wide)."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("area"),
    )
    topics = models.JSONField(_("topics"), default=list)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["area__kind", "area__name", "pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "area"],
                condition=models.Q(area__isnull=False),
                name="subscription_one_per_area",
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=models.Q(area__isnull=True),
                name="subscription_one_city_wide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area or _('Whole city')}: {', '.join(self.topics)}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """One message to one subscriber on one channel, and what became of it.

    In-app deliveries are the notification list (``read_at``). ``last_error`` holds the
    exception class and a short message from the backend, never the address or phone."""

    source_key = models.CharField(max_length=200)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    topic = models.CharField(max_length=30, choices=Topic.choices)
    urgent = models.BooleanField(default=False)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True, default="")
    url = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    # Waits for the subscriber's digest instead of going out on its own.
    in_digest = models.BooleanField(default=False)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "subscriber", "channel"], name="delivery_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.topic} → subscriber {self.subscriber_id}: {self.status}"


class PendingSubscription(models.Model):
    """An email-only subscriber's request, kept until they confirm their address."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.CASCADE)
    topics = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"pending {self.subscriber_id}"
