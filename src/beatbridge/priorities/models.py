"""Priority problems a beat chooses at its beat meeting, and their meeting-to-meeting history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_PRIORITIES = 5


class PriorityStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    IMPROVING = "improving", _("Improving")
    RESOLVED = "resolved", _("Resolved")
    DROPPED = "dropped", _("Dropped")


CURRENT_STATUSES = (PriorityStatus.ACTIVE, PriorityStatus.IMPROVING)


class PrioritySource(models.TextChoices):
    CONCERNS = "concerns", _("From residents' concerns")
    RESIDENT = "resident", _("Resident proposal")
    OFFICER = "officer", _("Officer proposal")


class PriorityQuerySet(models.QuerySet["Priority"]):
    def current(self) -> PriorityQuerySet:
        return self.filter(status__in=CURRENT_STATUSES)

    def proposed(self) -> PriorityQuerySet:
        return self.filter(status=PriorityStatus.PROPOSED)


class Priority(models.Model):
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="priorities", verbose_name=_("area")
    )
    title = models.CharField(_("problem"), max_length=200)
    title_es = models.CharField(
        _("problem (Spanish)"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Shown to Spanish readers; when blank they see the English title."),
    )
    description = models.TextField(_("description"), blank=True, default="", max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PriorityStatus.choices,
        default=PriorityStatus.PROPOSED,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=10, choices=PrioritySource.choices)
    concerns = models.ManyToManyField(
        "concerns.Concern", blank=True, related_name="priorities", verbose_name=_("concerns")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resident_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="priority_contacts",
        verbose_name=_("resident contact"),
    )
    officer_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_priorities",
        verbose_name=_("officer owner"),
    )
    support_count = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "-support_count", "created_at"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the active language: Spanish when set, else the English one."""
        spanish = (get_language() or "en").startswith("es")
        return self.title_es if spanish and self.title_es else self.title

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    def latest_report_back(self):
        """The newest report-back (uses prefetched report_backs when present)."""
        entries = list(self.report_backs.all())
        return max(entries, key=lambda r: (r.created_at, r.pk)) if entries else None


class PrioritySupport(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["priority", "user"], name="priority_support_once")
        ]
        verbose_name = _("priority support")
        verbose_name_plural = _("priority supports")

    def __str__(self) -> str:
        return f"{self.user_id} +1 {self.priority_id}"


class Outcome(models.TextChoices):
    BETTER = "better", _("Better")
    SAME = "same", _("About the same")
    WORSE = "worse", _("Worse")
    UNKNOWN = "unknown", _("Too early to tell")


class ReportBack(models.Model):
    """What was done about a priority, by whom, and whether it is better: one per meeting."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="report_backs")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_backs",
    )
    what_was_done = models.TextField(_("what was done"), max_length=4000)
    done_by = models.CharField(_("by whom"), max_length=300)
    outcome = models.CharField(
        _("is it better?"), max_length=10, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    status_after = models.CharField(max_length=12, choices=PriorityStatus.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "meeting"],
                condition=models.Q(meeting__isnull=False),
                name="report_back_once_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.outcome}"


class PriorityDecision(models.Model):
    """A meeting confirming an area's priority list: who decided, when, and the list."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="priority_decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    # [{"id": .., "title": ..}] in the chosen order, and the ones dropped from the list.
    chosen = models.JSONField(default=list)
    dropped = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("priority decision")
        verbose_name_plural = _("priority decisions")

    def __str__(self) -> str:
        return f"{self.area} {self.decided_at:%Y-%m-%d}"


class PriorityListSettings(models.Model):
    """How many priorities an area keeps (default 5)."""

    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="priority_settings"
    )
    max_priorities = models.PositiveSmallIntegerField(_("maximum priorities"), default=5)

    class Meta:
        verbose_name = _("priority list settings")
        verbose_name_plural = _("priority list settings")

    def __str__(self) -> str:
        return f"{self.area}: {self.max_priorities}"
