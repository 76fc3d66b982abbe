"""Concerns: public problems residents raise, with a public timeline of updates."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class Category(models.Model):
    """A kind of concern (admin-managed), named in English and Spanish."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True, default="")
    description_es = models.TextField(_("description (Spanish)"), blank=True, default="")
    responsible_unit = models.CharField(
        _("default responsible unit"), max_length=120, blank=True, default=""
    )
    allows_anonymous = models.BooleanField(_("anonymous submission allowed"), default=True)
    is_public = models.BooleanField(_("reports are public"), default=True)
    duplicate_radius_m = models.PositiveIntegerField(_("duplicate-search radius (m)"), default=150)
    response_target_hours = models.PositiveIntegerField(_("response target (hours)"), default=72)
    # Extra questions for Open311 service definitions: a list of
    # {"code", "datatype", "required", "description", "order", "values": [{"key","name"}]}.
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("concern category")
        verbose_name_plural = _("concern categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_es if (get_language() or "en").startswith("es") else self.name_en

    @property
    def description(self) -> str:
        lang = (get_language() or "en")[:2]
        return (self.description_es if lang == "es" else self.description_en) or self.description_en


class ConcernStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    CLOSED_UNFIXED = "closed_unfixed", _("Closed without a fix")


OPEN_STATUSES = (
    ConcernStatus.SUBMITTED,
    ConcernStatus.ACKNOWLEDGED,
    ConcernStatus.IN_PROGRESS,
    ConcernStatus.REFERRED,
)

# Plain strings, so the partial indexes' conditions serialize simply into migrations.
OPEN_STATUS_VALUES = [str(status.value) for status in OPEN_STATUSES]


class CloseReason(models.TextChoices):
    NOT_POLICE_MATTER = "not_police_matter", _("Not a police matter")
    COULD_NOT_RESOLVE = "could_not_resolve", _("Could not be resolved")
    NO_LONGER_HAPPENING = "no_longer_happening", _("No longer happening")


class ConcernQuerySet(models.QuerySet["Concern"]):
    def public(self) -> ConcernQuerySet:
        return self.filter(is_public=True).exclude(status=ConcernStatus.REJECTED)

    def open(self) -> ConcernQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Concern(models.Model):
    # Foreign keys whose column leads one of the composite indexes below have no index of
    # their own (beat, neighborhood, category), nor does status (the partial indexes serve
    # open concerns): every index is paid for on each submission.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("category"),
        db_index=False,
    )
    description = models.TextField(_("description"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConcernStatus.choices,
        default=ConcernStatus.SUBMITTED,
    )
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    address = models.CharField(_("address or place"), max_length=300, blank=True, default="")
    beat = models.ForeignKey(
        "areas.Area",
        null=True,
        on_delete=models.SET_NULL,
        related_name="beat_concerns",
        db_index=False,
    )
    district = models.ForeignKey(
        "areas.Area", null=True, on_delete=models.SET_NULL, related_name="district_concerns"
    )
    neighborhood = models.ForeignKey(
        "areas.Area",
        null=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
        db_index=False,
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_public = models.BooleanField(_("public"), default=True)
    # Personal data: never shown publicly; empty for anonymous concerns.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    contact_name = models.CharField(_("name"), max_length=120, blank=True, default="")
    contact_email = models.EmailField(_("email"), blank=True, default="")
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    contact_preference = models.CharField(
        _("contact preference"), max_length=20, blank=True, default=""
    )
    # Unique through a constraint, not unique=True: on PostgreSQL that adds a second
    # (pattern-matching) index nobody uses; tokens are only compared whole.
    tracking_token = models.CharField(max_length=64, default=new_tracking_token)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_concerns",
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True, default="")
    referred_organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("referred to organization"),
    )
    #: When a member of the referred organization took the referral on (None: not yet).
    referral_accepted_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(
        _("reason"), max_length=30, choices=CloseReason.choices, blank=True, default=""
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=300, blank=True, default=""
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    support_count = models.PositiveIntegerField(default=0)
    attributes = models.JSONField(default=dict, blank=True)
    # Open311 ``media_url``: a link to media the reporting app holds. Never fetched by us
    # (so never re-encoded): staff see it as a link, Open311 clients get it back.
    media_url = models.URLField(_("media link"), max_length=500, blank=True, default="")
    source = models.CharField(max_length=40, default="web")  # web, api, open311:<client>
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    fixed_check_sent_at = models.DateTimeField(null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        constraints = [
            models.UniqueConstraint(fields=["tracking_token"], name="concern_tracking_token_unique")
        ]
        indexes = [
            models.Index(fields=["beat", "status", "created_at"]),
            models.Index(fields=["neighborhood", "status", "created_at"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["updated_at"]),
            # The triage queue: open concerns oldest first, per beat (officers) or over all
            # beats (supervisors). Partial, so they stay small as closed concerns pile up.
            models.Index(
                fields=["beat", "created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUS_VALUES),
                name="concern_open_beat_age",
            ),
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUS_VALUES),
                name="concern_open_age",
            ),
            # The overdue count: open concerns nobody answered yet, by beat and category
            # (each category has its own response target).
            models.Index(
                fields=["beat", "category", "created_at"],
                condition=models.Q(status__in=OPEN_STATUS_VALUES, first_response_at__isnull=True),
                name="concern_unanswered_beat",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class UpdateKind(models.TextChoices):
    STATUS = "status", _("Status change")
    NOTE = "note", _("Note")
    REOPENED = "reopened", _("Reopened")
    FIXED_CHECK = "fixed_check", _("Is it fixed?")
    SUBMITTER_REPLY = "submitter_reply", _("Reply from the person who reported")


class ConcernUpdate(models.Model):
    """One entry on a concern's timeline; internal ones are never shown to the public."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("text"), blank=True, default="")
    old_status = models.CharField(max_length=20, blank=True, default="")
    new_status = models.CharField(max_length=20, blank=True, default="")
    is_public = models.BooleanField(_("public"), default=True)
    #: The partner organization an entry was written for (referral updates): shown as author.
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("concern update")
        verbose_name_plural = _("concern updates")

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.kind}"

    @property
    def public_author_name(self) -> str | None:
        """The officer's public name; None for residents, replies and system entries."""
        from beatbridge.accounts.permissions import is_officer_role

        if self.kind == UpdateKind.SUBMITTER_REPLY:
            return None
        if self.organization_id is not None:
            return str(self.organization)
        if self.author is None:
            return None
        return str(self.author.public_name) if is_officer_role(self.author) else None


class ConcernPhoto(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="concerns/%Y/%m/")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.image.name}"


class Support(models.Model):
    """A "+1 / me too" on a concern; counts toward neighborhood priorities."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    # For supporters without an account: a random token kept in their browser session.
    anonymous_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "user"],
                condition=models.Q(user__isnull=False),
                name="support_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["concern", "anonymous_key"],
                condition=~models.Q(anonymous_key=""),
                name="support_once_per_key",
            ),
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"+1 on {self.concern_id}"


class IdempotencyRecord(models.Model):
    """Remembers a submission key so a retried request returns the first result."""

    key = models.CharField(max_length=200)
    scope = models.CharField(max_length=60)
    response_status = models.PositiveSmallIntegerField(default=201)
    response_body = models.JSONField(default=dict)
    object_id = models.CharField(max_length=64, blank=True, default="")
    # A hash of the request, so the same key reused for a different submission is refused.
    request_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} #{self.pk}"  # never the key: it is a client's secret
