"""Crime incidents, enforcement actions, engagement activity, offense categories, imports.

Incidents and enforcement actions are written in bulk by :mod:`beatbridge.data.importer`
(COPY / executemany with ``ON CONFLICT``), not through ``save()``; every derived column
(generalized location, H3 cell, areas, local month/weekday/hour) is computed there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OffenseGroup(models.TextChoices):
    A = "A", _("Group A")
    B = "B", _("Group B")


class OffenseCategoryQuerySet(models.QuerySet["OffenseCategory"]):
    def sensitive(self) -> OffenseCategoryQuerySet:
        """Categories marked sensitive now: their incidents never appear individually in public."""
        return self.filter(is_sensitive=True)

    def update(self, **kwargs: Any) -> int:
        """A bulk change of ``is_sensitive`` (admin actions, scripts) also updates the copied
        flag on the categories' incidents, in the same transaction."""
        if "is_sensitive" not in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            copy_sensitive_flags(ids, using=self.db)
        return count


def copy_sensitive_flags(category_ids: Iterable[int], *, using: str | None = None) -> int:
    """Set each incident's copied ``is_sensitive`` to its category's flag as stored now.

    Public outputs never rely on the copy (they read the category's flag in the same query,
    see :meth:`IncidentQuerySet.public`); the copy is kept right for staff views and exports.
    Returns the number of incidents changed.
    """
    ids = list(category_ids)
    changed = 0
    for flag in (True, False):
        cats = OffenseCategory.objects.using(using).filter(pk__in=ids, is_sensitive=flag)
        changed += (
            Incident.objects.using(using)
            .filter(category__in=cats)
            .exclude(is_sensitive=flag)
            .update(is_sensitive=flag)
        )
    return changed


class OffenseCategory(models.Model):
    """A NIBRS offense (code like ``13A``) or a department's local sub-category of one.

    Changing ``is_sensitive`` takes effect in public outputs at once (they read this flag);
    saving the change also updates the incidents' copy of it in the same transaction.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    group = models.CharField(_("NIBRS group"), max_length=1, choices=OffenseGroup.choices)
    crime_against = models.CharField(_("crime against"), max_length=20, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent offense"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcategories",
    )
    is_minor = models.BooleanField(
        _("minor / quality-of-life"),
        default=False,
        help_text=_("Watched by the enforcement-balance monitor."),
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Never shown on public maps or in public incident data; only area counts."),
    )
    is_local = models.BooleanField(_("local sub-category"), default=False)

    objects = OffenseCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("offense category")
        verbose_name_plural = _("offense categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        check = not self._state.adding and (fields is None or "is_sensitive" in fields)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if check and getattr(self, "_sensitive_in_db", None) != self.is_sensitive:
                copy_sensitive_flags([self.pk], using=self._state.db)
        self._sensitive_in_db = self.is_sensitive

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> OffenseCategory:
        instance = super().from_db(db, field_names, values)
        instance._sensitive_in_db = instance.__dict__.get("is_sensitive")
        return instance

    @property
    def name(self) -> str:
        return self.name_es if (get_language() or "en").startswith("es") else self.name_en


class ImportKind(models.TextChoices):
    INCIDENTS = "incidents", _("Crime incidents")
    ENFORCEMENT = "enforcement", _("Enforcement actions")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One import of a file (command line, admin upload or demo), with its counts."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=500)
    mapping_name = models.CharField(_("mapping"), max_length=200, blank=True, default="")
    mapping = models.TextField(_("mapping (TOML)"), blank=True, default="")
    source = models.CharField(_("source"), max_length=64, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    progress = models.FloatField(_("progress (0–1)"), default=0)
    reject_file = models.CharField(_("reject file"), max_length=500, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name} · {self.get_status_display()}"


class LocatedRecord(models.Model):
    """Columns shared by incidents and enforcement actions (all filled by the importer)."""

    source = models.CharField(_("source"), max_length=64)
    source_id = models.CharField(_("source id"), max_length=64)
    row_hash = models.CharField(_("row hash"), max_length=32, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"))
    # Local-time parts, so monthly / weekday × hour figures are plain indexed GROUP BYs.
    local_month = models.PositiveIntegerField(_("month (YYYYMM, local)"))
    local_weekday = models.PositiveSmallIntegerField(_("weekday (0 = Monday, local)"))
    local_hour = models.PositiveSmallIntegerField(_("hour (local)"))
    category = models.ForeignKey(
        OffenseCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("offense category"),
        db_index=False,
    )
    is_minor = models.BooleanField(_("minor / quality-of-life"), default=False)
    # Exact location: staff only, every read audit-logged.
    lon = models.FloatField(_("longitude (exact)"))
    lat = models.FloatField(_("latitude (exact)"))
    # Generalized location: the centre of the H3 resolution-10 cell (docs/methods.md).
    public_lon = models.FloatField(_("longitude (generalized)"))
    public_lat = models.FloatField(_("latitude (generalized)"))
    h3_cell = models.CharField(_("H3 cell (resolution 10)"), max_length=16)
    beat = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beat"),
        db_index=False,
    )
    district = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("district"),
        db_index=False,
    )
    neighborhood = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("neighborhood"),
        db_index=False,
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        abstract = True


STATS_COLUMNS = ["occurred_at", "category", "local_month", "local_weekday", "local_hour"]


class IncidentQuerySet(models.QuerySet["Incident"]):
    def public(self) -> IncidentQuerySet:
        """Incidents that may appear individually in public data (lists, maps, exports, hot
        spots, risk zones): none whose category is sensitive *now*. The flag is read from the
        category in the same query, never from the incident's copy, so marking a category
        sensitive withdraws its incidents from every public output at once."""
        return self.exclude(category__in=OffenseCategory.objects.sensitive())


class Incident(LocatedRecord):
    """A crime incident from a records system or open-data portal."""

    offense = models.CharField(_("offense (source text)"), max_length=200, blank=True, default="")
    premise = models.CharField(_("kind of place"), max_length=100, blank=True, default="")
    block = models.CharField(_("address block"), max_length=200, blank=True, default="")
    # A copy of the category's flag (set by the importer, kept in step when the category's
    # flag changes). Public queries read the category's own flag: IncidentQuerySet.public.
    is_sensitive = models.BooleanField(_("sensitive"), default=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="incident_source_id")
        ]
        # Each serves an FK too (the FKs have db_index=False): fewer indexes, faster loads.
        # The area indexes also carry the columns the statistics group by, so the area
        # pages' queries are answered from the index alone.
        indexes = [
            models.Index(fields=["occurred_at"], name="incident_when"),
            models.Index(fields=["neighborhood", *STATS_COLUMNS], name="incident_nbhd_when"),
            models.Index(fields=["beat", *STATS_COLUMNS], name="incident_beat_when"),
            models.Index(fields=["district", *STATS_COLUMNS], name="incident_district_when"),
            models.Index(fields=["category", "occurred_at"], name="incident_category_when"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"


class EnforcementKind(models.TextChoices):
    STOP = "stop", _("Stop")
    CITATION = "citation", _("Citation")
    ARREST = "arrest", _("Arrest")
    WARNING = "warning", _("Warning")
    SUMMONS = "summons", _("Summons")


class EnforcementAction(LocatedRecord):
    """A stop, citation, arrest, warning or summons."""

    kind = models.CharField(_("kind"), max_length=10, choices=EnforcementKind.choices)
    violation = models.CharField(_("violation"), max_length=200, blank=True, default="")
    outcome = models.CharField(_("outcome"), max_length=100, blank=True, default="")
    reason = models.CharField(_("reason"), max_length=200, blank=True, default="")
    is_synthetic = models.BooleanField(_("synthetic (demo data)"), default=False)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="enforcement_source_id")
        ]
        indexes = [
            models.Index(fields=["occurred_at"], name="enforcement_when"),
            models.Index(fields=["neighborhood", "occurred_at"], name="enforcement_nbhd_when"),
            models.Index(fields=["beat", "occurred_at"], name="enforcement_beat_when"),
            models.Index(fields=["district", "occurred_at"], name="enforcement_district_when"),
            models.Index(fields=["category", "occurred_at"], name="enforcement_category_when"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source}:{self.source_id}"


class EngagementKind(models.TextChoices):
    FOOT_PATROL = "foot_patrol", _("Foot patrol")
    SCHOOL_VISIT = "school_visit", _("School visit")
    BUSINESS_CHECK = "business_check", _("Business check")
    COMMUNITY_EVENT = "community_event", _("Community event")
    MEETING = "meeting", _("Community meeting")
    WALK_THROUGH = "walk_through", _("Neighborhood walk-through")
    OTHER = "other", _("Other engagement")


class EngagementActivity(models.Model):
    """Time an officer spent engaging with a community (logged, or counted from other apps)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="engagement",
        verbose_name=_("officer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    started_at = models.DateTimeField(_("started at"))
    minutes = models.PositiveIntegerField(_("minutes"))
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="engagement", verbose_name=_("area")
    )
    note = models.TextField(_("note"), blank=True, default="")
    # Set by other apps (e.g. "meetings.Meeting:12") so re-logging the same thing updates it.
    source_ref = models.CharField(_("source"), max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("engagement activity")
        verbose_name_plural = _("engagement activities")
        indexes = [models.Index(fields=["area", "started_at"], name="engagement_area_when")]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="engagement_officer_source_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.minutes} min · {self.area}"
