"""Neighborhood watch groups: members and coordinators, a liaison officer, private
announcements, weekly patrol slots with sign-ups, a meeting calendar and the alerts sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Asked to join")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


class WatchGroupQuerySet(models.QuerySet["WatchGroup"]):
    def active(self) -> WatchGroupQuerySet:
        return self.filter(status=GroupStatus.ACTIVE)


class WatchGroup(models.Model):
    name = models.CharField(_("name"), max_length=120)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="watch_groups",
        limit_choices_to={"kind__in": ["neighborhood", "beat"]},
        verbose_name=_("area"),
    )
    description = models.TextField(_("about the group"), blank=True, default="")
    how_to_join = models.TextField(_("how to join"), blank=True, default="")
    meeting_times = models.CharField(_("meeting times"), max_length=300, blank=True, default="")
    watched_categories = models.ManyToManyField(
        "data.OffenseCategory",
        blank=True,
        related_name="+",
        verbose_name=_("alert me about"),
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_liaisons",
        verbose_name=_("liaison officer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = WatchGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("watch group")
        verbose_name_plural = _("watch groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("watch:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    def active_members(self):
        return self.memberships.filter(status=MemberStatus.ACTIVE)

    def coordinators(self):
        return self.active_members().filter(role=MemberRole.COORDINATOR).select_related("user")


class Membership(models.Model):
    group = models.ForeignKey(WatchGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING
    )
    message = models.CharField(_("message to the coordinators"), max_length=500, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-role", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="watch_one_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.group} ({self.status})"

    @property
    def display_name(self) -> str:
        return self.user.public_name


class GroupAnnouncement(models.Model):
    """A message for the members only (never public)."""

    group = models.ForeignKey(WatchGroup, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PatrolSlot(models.Model):
    """A weekly recurring walk or patrol: every <weekday> at <time> for <minutes>."""

    group = models.ForeignKey(WatchGroup, on_delete=models.CASCADE, related_name="patrol_slots")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("walkers needed"), default=4)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "start_time"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}"

    def next_dates(self, weeks: int = 4, today: dt.date | None = None) -> list[dt.date]:
        today = today or timezone.localdate()
        first = today + dt.timedelta(days=(self.weekday - today.weekday()) % 7)
        return [first + dt.timedelta(weeks=i) for i in range(weeks)]


class PatrolSignup(models.Model):
    slot = models.ForeignKey(PatrolSlot, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "user", "date"], name="watch_one_signup")
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.date}"


class GroupEvent(models.Model):
    """A group meeting on the group's calendar (members only; iCalendar feed per group)."""

    group = models.ForeignKey(WatchGroup, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    location = models.CharField(_("place"), max_length=300, blank=True, default="")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class AlertKind(models.TextChoices):
    INCIDENT = "incident", _("Incident nearby")
    RISK = "risk", _("Elevated risk")


class WatchAlert(models.Model):
    """An alert sent to a group's members. ``item_key`` ("incident:<id>", "risk:<id>") makes
    sure one incident or risk zone alerts a group once, however often it is imported."""

    group = models.ForeignKey(WatchGroup, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    item_key = models.CharField(max_length=64)
    category = models.ForeignKey(
        "data.OffenseCategory", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cell = models.CharField(_("H3 cell (generalized)"), max_length=16, blank=True, default="")
    text = models.TextField()
    deliveries = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "item_key"], name="watch_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.item_key}"
