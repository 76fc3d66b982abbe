"""Meetings and events, and the recurring series that generate them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import recurrence


def is_spanish() -> bool:
    return (get_language() or "en").startswith("es")


class MeetingKind(models.TextChoices):
    BEAT_MEETING = "beat_meeting", _("Beat meeting")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    WALK_THROUGH = "walk_through", _("Neighborhood walk-through")
    WORKSHOP = "workshop", _("Safety workshop")
    COFFEE_WITH_A_COP = "coffee_with_a_cop", _("Coffee with a cop")
    BLOCK_PARTY = "block_party", _("Block party")
    NATIONAL_NIGHT_OUT = "national_night_out", _("National Night Out")
    PARTNER_EVENT = "partner_event", _("Partner event")


INFORMAL_KINDS = (
    MeetingKind.COFFEE_WITH_A_COP,
    MeetingKind.BLOCK_PARTY,
    MeetingKind.NATIONAL_NIGHT_OUT,
)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Frequency(models.TextChoices):
    WEEKLY = recurrence.WEEKLY, _("Weekly")
    MONTHLY_WEEKDAY = recurrence.MONTHLY_WEEKDAY, _("Monthly on a weekday (e.g. second Tuesday)")
    MONTHLY_DAY = recurrence.MONTHLY_DAY, _("Monthly on a day of the month")


class EventDetails(models.Model):
    """What a series and each of its meetings share: what, where, who hosts, for whom."""

    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(
        _("title (Spanish)"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Shown to Spanish readers; when blank they see the English title."),
    )
    description = models.TextField(_("description"), blank=True, default="")
    address = models.CharField(_("address or place"), max_length=300, blank=True, default="")
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    accessibility_notes = models.CharField(
        _("accessibility"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("Step-free entrance, hearing loop, childcare, interpretation…"),
    )
    online_url = models.URLField(_("online link"), blank=True, default="")
    languages = models.JSONField(_("languages offered"), default=list, blank=True)
    host_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("host officer"),
    )
    host_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resident facilitator"),
    )
    host_organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("host organization"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    SHARED_FIELDS = (
        "kind",
        "title",
        "title_es",
        "description",
        "address",
        "lon",
        "lat",
        "accessibility_notes",
        "online_url",
        "languages",
        "host_officer",
        "host_facilitator",
        "host_organization",
        "capacity",
    )

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        """The title in the active language: Spanish when set, else the English one."""
        return self.title_es if self.title_es and is_spanish() else self.title

    @property
    def display_title_language(self) -> str:
        """The language ``display_title`` is written in ("es" or "en"), for RFC 5545."""
        return "es" if self.title_es and is_spanish() else "en"

    @property
    def has_place(self) -> bool:
        return self.lon is not None and self.lat is not None


EventDetailsFields = EventDetails.SHARED_FIELDS


class MeetingSeries(EventDetails):
    """A recurring schedule ("second Tuesday of every month, 6:30 pm") and its template."""

    areas = models.ManyToManyField("areas.Area", related_name="meeting_series", blank=True)
    frequency = models.CharField(_("repeats"), max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("every n weeks/months"), default=1)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, help_text=_("0 = Monday … 6 = Sunday")
    )
    ordinal = models.SmallIntegerField(
        _("which one"), null=True, blank=True, help_text=_("1–4 (first to fourth), -1 = last")
    )
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    start_time = models.TimeField(_("local start time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=90)
    starts_on = models.DateField(_("first date"))
    until = models.DateField(_("last date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title

    def rule_text(self) -> str:
        return recurrence.describe(
            frequency=self.frequency,
            interval=self.interval,
            weekday=self.weekday,
            ordinal=self.ordinal,
            day_of_month=self.day_of_month,
            time=self.start_time,
        )


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def scheduled(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.SCHEDULED)

    def upcoming(self, now=None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def for_areas(self, areas) -> MeetingQuerySet:
        return self.filter(areas__in=list(areas)).distinct()


class Meeting(EventDetails):
    """One meeting or event on one date: a single event, or one occurrence of a series."""

    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    # The date the series scheduled (kept when an occurrence is moved; never regenerated).
    series_date = models.DateField(null=True, blank=True)
    is_detached = models.BooleanField(
        default=False, help_text=_("Moved or edited on its own; series edits no longer apply.")
    )
    areas = models.ManyToManyField("areas.Area", related_name="meetings", blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True, default="")
    # iCalendar SEQUENCE: raised by every update, move and cancellation.
    sequence = models.PositiveIntegerField(default=0)
    # Walk-throughs: the route walked, a GeoJSON LineString.
    route = models.JSONField(_("route"), null=True, blank=True)
    # Workshops: what was taught, to how many, and links to resources.
    taught = models.TextField(_("what was taught"), blank=True, default="")
    head_count = models.PositiveIntegerField(_("head count"), null=True, blank=True)
    resources = models.JSONField(_("resources"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "series_date"],
                condition=models.Q(series__isnull=False),
                name="meeting_once_per_series_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        """Results (attendance, approved minutes, priority decisions, report-backs) can be
        recorded only from the moment a meeting starts."""
        return self.starts_at <= timezone.now()

    @property
    def phase(self) -> str:
        """What the meeting is now, derived from the clock: the stored status only says
        whether it was cancelled (a past meeting is never "scheduled")."""
        if self.is_cancelled:
            return "cancelled"
        if self.is_past:
            return "held"
        return "under_way" if self.has_started else "scheduled"

    def require_started(self) -> None:
        """Refuse recording a result before the meeting (staff can move its date first)."""
        from django.core.exceptions import ValidationError

        if not self.has_started:
            raise ValidationError(
                {
                    "meeting": _(
                        "This meeting has not started yet (it starts %(when)s): results can be "
                        "recorded once it has begun. If it took place earlier, move its date first."
                    )
                    % {"when": timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")}
                }
            )

    @property
    def is_informal(self) -> bool:
        return self.kind in INFORMAL_KINDS

    def primary_area(self):
        """The area the agenda and priorities are about: the first beat, else the first area."""
        areas = sorted(self.areas.all(), key=lambda a: (a.kind != "beat", a.kind, a.code))
        return areas[0] if areas else None

    def confirmed_count(self) -> int:
        return self.rsvps.filter(status="confirmed").count()

    def spots_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count(), 0)
