"""Agendas (generated, edited, published), resident proposals, and minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an officer")
    ACCEPTED = "accepted", _("On the agenda")
    MERGED = "merged", _("Merged with another item")
    DECLINED = "declined", _("Not taken up")


class Proposal(models.Model):
    """An agenda item a resident proposes before a meeting."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("topic"), max_length=200)
    details = models.TextField(_("details"), blank=True, default="", max_length=2000)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")

    def __str__(self) -> str:
        return self.title


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AgendaSection(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    REPORT_BACK = "report_back", _("Report-back on priorities")
    CRIME = "crime", _("Crime conditions since the last meeting")
    NEW_CONCERNS = "new_concerns", _("New concerns raised")
    RESIDENT_ITEM = "resident_item", _("Residents' items")
    CHOOSE_PRIORITIES = "choose_priorities", _("Choose priorities")
    RESPONSIBILITIES = "responsibilities", _("Assign responsibilities")
    NEXT_MEETING = "next_meeting", _("Next meeting")
    OTHER = "other", _("Other")


class Agenda(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="agenda"
    )
    status = models.CharField(
        max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    # The period the "since the last meeting" sections cover.
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return f"Agenda for {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.status == AgendaStatus.PUBLISHED


class AgendaItem(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=20, choices=AgendaSection.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("notes"), blank=True, default="")
    # Figures behind the item (counts, concern ids, priority id) for tables and the API.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Minutes(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes"
    )
    decisions = models.TextField(_("decisions"), blank=True, default="")
    attendance_count = models.PositiveIntegerField(_("attendance"), default=0)
    summary = models.TextField(_("summary"), blank=True, default="")
    status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.status == MinutesStatus.PUBLISHED


class MinutesQuestion(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("question asked"), max_length=2000)
    answer = models.TextField(_("answer given"), blank=True, default="", max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.question[:60]


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """A task agreed at a meeting, owned by a person or a partner organization."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(_("what"), max_length=500)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_items",
        verbose_name=_("owner (person)"),
    )
    owner_organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_items",
        verbose_name=_("owner (organization)"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        max_length=6, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False)
                | models.Q(owner_organization__isnull=False),
                name="meeting_action_item_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner(self):
        return self.owner_user or self.owner_organization
