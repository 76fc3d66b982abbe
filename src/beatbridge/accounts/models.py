"""People, their roles, partner organizations, and the activity/audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .activity import ActivityQuerySet, AppendOnly


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Partner organization member")
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("role", Role.RESIDENT)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True, default="")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    home_neighborhood = models.ForeignKey(
        "areas.Area",
        verbose_name=_("home neighborhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        limit_choices_to={"kind": "neighborhood"},
    )
    home_verified = models.BooleanField(_("home neighborhood verified"), default=False)
    badge_number = models.CharField(_("badge number"), max_length=20, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def public_name(self) -> str:
        """The name shown publicly: officers by rank and name (the rank in the reader's
        language), residents by first name only."""
        if self.role in (Role.OFFICER, Role.SUPERVISOR):
            return translated_rank(self.display_name) or str(_("Officer"))
        return (self.display_name or _("Resident")).split(" ")[0]


# Ranks officers' display names begin with ("Officer Maria Lopez", "Sgt. Tom Walsh"): shown
# in the reader's language, the name itself untouched.
RANKS = {
    "Officer": pgettext_lazy("rank", "Officer"),
    "Sergeant": pgettext_lazy("rank", "Sergeant"),
    "Sgt.": pgettext_lazy("rank", "Sgt."),
    "Lieutenant": pgettext_lazy("rank", "Lieutenant"),
    "Lt.": pgettext_lazy("rank", "Lt."),
    "Captain": pgettext_lazy("rank", "Captain"),
    "Commander": pgettext_lazy("rank", "Commander"),
    "Detective": pgettext_lazy("rank", "Detective"),
}


def translated_rank(display_name: str) -> str:
    """``display_name`` with a leading rank word in the active language."""
    first, _space, rest = (display_name or "").partition(" ")
    rank = RANKS.get(first)
    return f"{rank} {rest}" if rank is not None and rest else display_name


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    YOUTH = "youth_program", _("Youth program")
    BUSINESS = "business_association", _("Business association")
    FAITH = "faith_group", _("Faith group")
    TENANT = "tenant_association", _("Tenant association")
    NONPROFIT = "nonprofit", _("Nonprofit")
    CITY_AGENCY = "city_agency", _("City agency")


class Organization(models.Model):
    """A community partner: school, youth program, business association, city agency..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    description = models.TextField(_("description"), blank=True, default="")
    neighborhoods = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("neighborhoods served"),
        blank=True,
        related_name="organizations",
        limit_choices_to={"kind": "neighborhood"},
    )
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True, default="")
    contact_email = models.EmailField(_("contact email"), blank=True, default="")
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organizations",
        blank=True,
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Every write path (admin, API, demo, scripts) stores only a valid contact email and
        # website: they are published on partner pages and in the API.
        self.contact_email = (self.contact_email or "").strip()
        if self.contact_email:
            validate_email(self.contact_email)
        if self.website:
            URLValidator(schemes=["http", "https"])(self.website)
        super().save(*args, **kwargs)


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=120, blank=True, default="")
    is_contact = models.BooleanField(_("is the organization's contact"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class NeighborhoodVerification(models.Model):
    """A resident's request to have their home neighborhood confirmed by an officer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    neighborhood = models.ForeignKey("areas.Area", on_delete=models.CASCADE)
    evidence = models.TextField(
        _("how we can confirm it"),
        blank=True,
        default="",
        help_text=_("For example: your block, or that you met the beat officer at a meeting."),
    )
    status = models.CharField(
        max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verification_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("neighborhood verification")
        verbose_name_plural = _("neighborhood verifications")

    def __str__(self) -> str:
        return f"{self.user} – {self.neighborhood} ({self.status})"


class PendingSignup(models.Model):
    """A sign-up waiting for its email to be confirmed; the account exists only after that.

    Kept so that a sign-up answers the same whether or not the email has an account, and so
    that nobody can create an account for an address they cannot read. The password is kept
    hashed, the link's token only as its SHA-256.
    """

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(max_length=120, blank=True, default="")
    preferred_language = models.CharField(max_length=10, default="en")
    home_neighborhood = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    password = models.CharField(max_length=128)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sign-up awaiting confirmation")
        verbose_name_plural = _("sign-ups awaiting confirmation")

    def __str__(self) -> str:
        return self.email


class ActivityEntry(AppendOnly):
    """Who did what to which object, when, and what changed. Append-only (see activity.py):
    never changed or deleted, and an account in it cannot be deleted (deactivate it)."""

    label: str | Promise  # not stored: set for display by the audit trails that list entries

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    verb = models.CharField(max_length=80)
    # The (target_type, target_id) index below serves the foreign key too.
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    target_id = models.CharField(max_length=64, blank=True, default="")
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)
    is_read = models.BooleanField(
        default=False, help_text=_("A staff read of personal data (audit log).")
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity log")
        # Written on every action: only the indexes the log's readers use.
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["verb", "created_at"], name="activity_verb_when"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb}"
