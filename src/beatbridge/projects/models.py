"""Problem-solving projects (SARA): scanning, analysis, response, assessment, with partners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    SCANNING = "scanning", _("Scanning")
    ANALYSIS = "analysis", _("Analysis")
    RESPONSE = "response", _("Response")
    ASSESSMENT = "assessment", _("Assessment")
    CLOSED = "closed", _("Closed")


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    areas = models.ManyToManyField("areas.Area", related_name="projects", verbose_name=_("areas"))
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("priority"),
    )
    statement = models.TextField(_("problem statement"), max_length=4000)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.SCANNING, db_index=True
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    target_response_date = models.DateField(_("response starts by"), null=True, blank=True)
    target_assessment_date = models.DateField(_("assessment by"), null=True, blank=True)
    response_started_on = models.DateField(_("response started on"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    private_notes = models.TextField(_("private notes"), blank=True, default="", max_length=8000)
    # The problem analysis triangle, and who could act on each side.
    offender = models.TextField(_("offender"), blank=True, default="", max_length=2000)
    handler = models.TextField(_("handler"), blank=True, default="", max_length=2000)
    target = models.TextField(_("target or victim"), blank=True, default="", max_length=2000)
    guardian = models.TextField(_("guardian"), blank=True, default="", max_length=2000)
    place = models.TextField(_("place"), blank=True, default="", max_length=2000)
    manager = models.TextField(_("place manager"), blank=True, default="", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", args=[self.pk])


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    OFFICER = "officer", _("Officer")
    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Partner")
    ANALYST = "analyst", _("Analyst")


class TeamMember(models.Model):
    """A person (officer or resident) or a partner organization on the team, with a role."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_roles",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, organization__isnull=True)
                | models.Q(user__isnull=True, organization__isnull=False),
                name="team_member_user_xor_org",
            )
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.public_name} ({self.role})"

    @property
    def public_name(self) -> str:
        return self.organization.name if self.organization_id else self.user.public_name


class EvidenceKind(models.TextChoices):
    CONCERN = "concern", _("Concern")
    TIP = "tip", _("Tip")
    INCIDENTS = "incidents", _("Incidents")
    MINUTES = "minutes", _("Meeting minutes")


class EvidenceLink(models.Model):
    """One piece of scanning evidence. Incidents are linked as a stored filter (category,
    area, date range) so the project counts the incidents imported later too."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tip = models.ForeignKey(
        "concerns.Tip", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    minutes = models.ForeignKey(
        "meetings.Minutes", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "data.OffenseCategory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.kind}"


class HypothesisStatus(models.TextChoices):
    OPEN = "open", _("To test")
    SUPPORTED = "supported", _("Supported")
    REJECTED = "rejected", _("Rejected")


class Hypothesis(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="hypotheses")
    text = models.CharField(_("hypothesis"), max_length=500)
    status = models.CharField(
        max_length=10, choices=HypothesisStatus.choices, default=HypothesisStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")

    def __str__(self) -> str:
        return self.text


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


class ActionItem(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="", max_length=4000)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_action_items",
        verbose_name=_("owner (person)"),
    )
    owner_organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_action_items",
        verbose_name=_("owner (organization)"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    is_public = models.BooleanField(_("public"), default=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_organization_id:
            return self.owner_organization.name
        return self.owner_user.public_name if self.owner_user_id else ""

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status in OPEN_ACTION_STATUSES
            and self.due_date < timezone.localdate()
        )


class ProgressNote(models.Model):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("progress note"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:40]


class Conclusion(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No change")
    WORSE = "worse", _("Worse")


class NextStep(models.TextChoices):
    CLOSE = "close", _("Close the project")
    ADJUST = "adjust", _("Adjust the response")
    REANALYZE = "reanalyze", _("Re-analyze the problem")


class Assessment(models.Model):
    """Before/after figures for the project area beside a comparison area, and the verdict."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    before_start = models.DateField(_("before: from"))
    before_end = models.DateField(_("before: to"))
    after_start = models.DateField(_("after: from"))
    after_end = models.DateField(_("after: to"))
    comparison_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("comparison area"),
        help_text=_("Leave empty to compare with the rest of the district."),
    )
    figures = models.JSONField(default=dict, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=Conclusion.choices, blank=True, default=""
    )
    next_step = models.CharField(
        _("next step"), max_length=10, choices=NextStep.choices, blank=True, default=""
    )
    notes = models.TextField(_("notes"), blank=True, default="", max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.project}: {self.after_start}–{self.after_end}"
