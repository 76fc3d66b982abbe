"""Announcements to areas, the resource library, workshop requests and officers' public cards."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnnouncementCategory(models.TextChoices):
    SAFETY_ALERT = "safety_alert", _("Safety alert")
    EVENT = "event", _("Event")
    CRIME_STATISTICS = "crime_statistics", _("Crime statistics")
    GOOD_NEWS = "good_news", _("Good news")
    CLOSURE = "closure", _("Road or park closure")


class AnnouncementStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def live(self, now=None) -> AnnouncementQuerySet:
        """Published and not expired: what the public pages and feeds show."""
        now = now or timezone.now()
        return self.filter(status=AnnouncementStatus.PUBLISHED).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def for_area(self, area) -> AnnouncementQuerySet:
        """Announcements addressed to ``area``, to an area containing it, or city-wide."""
        from .targeting import covering_area_ids

        return self.filter(
            models.Q(is_citywide=True) | models.Q(areas__in=covering_area_ids(area))
        ).distinct()


class Announcement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(_("text"), max_length=5000)
    category = models.CharField(_("category"), max_length=20, choices=AnnouncementCategory.choices)
    is_urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Urgent safety alerts are sent to subscribers at once."),
    )
    areas = models.ManyToManyField(
        "areas.Area", verbose_name=_("areas"), blank=True, related_name="announcements"
    )
    is_citywide = models.BooleanField(_("city-wide"), default=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    image = models.FileField(_("image"), upload_to="outreach/announcements/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("author"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(
        max_length=12, choices=AnnouncementStatus.choices, default=AnnouncementStatus.PUBLISHED
    )
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("outreach:announcement", args=[self.pk])

    @property
    def byline(self) -> str:
        """The public author: the organization for partners, the officer's name otherwise."""
        if self.organization_id:
            return self.organization.name
        return self.author.public_name

    @property
    def is_live(self) -> bool:
        return self.status == AnnouncementStatus.PUBLISHED and (
            self.expires_at is None or self.expires_at > timezone.now()
        )

    def area_label(self) -> str:
        if self.is_citywide:
            return str(_("City-wide"))
        return ", ".join(str(a) for a in self.areas.all())


class ResourceKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    CHECKLIST = "checklist", _("Checklist")
    LINK = "link", _("Link")
    VIDEO = "video", _("Video")
    FILE = "file", _("Download")


class Topic(models.TextChoices):
    PERSONAL_SAFETY = "personal_safety", _("Personal safety")
    HOME_SECURITY = "home_security", _("Home security")
    NEIGHBORHOOD_WATCH = "neighborhood_watch", _("Neighborhood watch")
    LEGAL_RIGHTS = "legal_rights", _("Your rights")
    VICTIM_SERVICES = "victim_services", _("Victim services")
    YOUTH = "youth", _("Youth programs")
    MENTAL_HEALTH = "mental_health", _("Mental health and crisis")
    SOCIAL_SERVICES = "social_services", _("Social services")
    TRAFFIC = "traffic", _("Traffic safety")


class Resource(models.Model):
    """One item of the education library, in one language."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True, default="")
    body = models.TextField(
        _("text"),
        blank=True,
        default="",
        help_text=_("Plain text. A checklist: one item per line."),
    )
    url = models.URLField(_("link"), blank=True, default="")
    file = models.FileField(_("file"), upload_to="outreach/resources/", blank=True)
    file_content_type = models.CharField(max_length=100, blank=True, default="")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    categories = models.JSONField(
        _("suggested for categories"),
        default=list,
        blank=True,
        help_text=_("Concern category codes or offense codes, e.g. vandalism-graffiti or 220."),
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    search_text = models.TextField(editable=False, default="")
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        from .search import fold

        self.search_text = fold(" ".join([self.title, self.summary, self.body]))
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("outreach:resource", args=[self.slug])

    def checklist_items(self) -> list[str]:
        return [line.strip("-•* \t") for line in self.body.splitlines() if line.strip()]

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    def topic_labels(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics if t in Topic.values]


class WorkshopRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    DECLINED = "declined", _("Declined")


class WorkshopRequest(models.Model):
    """A resident's request for a safety workshop in their neighborhood."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="workshop_requests"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_requests"
    )
    status = models.CharField(
        max_length=12, choices=WorkshopRequestStatus.choices, default=WorkshopRequestStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop request")
        verbose_name_plural = _("workshop requests")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "topic", "requested_by"],
                condition=models.Q(status="open"),
                name="outreach_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} – {self.area}"


class OfficerProfile(models.Model):
    """What an officer chooses to show on neighborhood pages (photo, languages, contact)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_profile"
    )
    photo = models.FileField(_("photo"), upload_to="outreach/officers/", blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("e.g. English, Spanish"),
    )
    public_email = models.EmailField(_("public contact email"), blank=True, default="")
    public_phone = models.CharField(
        _("public contact phone"), max_length=40, blank=True, default=""
    )
    about = models.CharField(_("about"), max_length=400, blank=True, default="")

    class Meta:
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")

    def __str__(self) -> str:
        return str(self.user)
