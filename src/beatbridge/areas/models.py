"""Districts, beats, sectors and neighborhoods, stored as GeoJSON (no GDAL needed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("District")
    BEAT = "beat", _("Beat")
    SECTOR = "sector", _("Sector")
    NEIGHBORHOOD = "neighborhood", _("Neighborhood")


class AreaQuerySet(models.QuerySet["Area"]):
    def beats(self) -> AreaQuerySet:
        return self.filter(kind=AreaKind.BEAT)

    def neighborhoods(self) -> AreaQuerySet:
        return self.filter(kind=AreaKind.NEIGHBORHOOD)

    def districts(self) -> AreaQuerySet:
        return self.filter(kind=AreaKind.DISTRICT)


class Area(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    min_lon = models.FloatField(editable=False, default=0)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    centroid_lon = models.FloatField(editable=False, default=0)
    centroid_lat = models.FloatField(editable=False, default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="area_kind_code")]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        if self.kind == AreaKind.BEAT:
            return _("Beat %(code)s") % {"code": self.code}
        if self.kind == AreaKind.DISTRICT:
            return _("District %(code)s") % {"code": self.code}
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Every change bumps updated_at: other processes' locator caches key on it.
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def shape(self):  # -> shapely geometry
        from shapely.geometry import shape

        return shape(self.geometry)

    def set_geometry(self, geometry: dict) -> None:
        """Store GeoJSON geometry and the derived bounding box and representative point."""
        from shapely.geometry import shape

        geom = shape(geometry)
        self.geometry = geometry
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geom.bounds
        point = geom.representative_point()
        self.centroid_lon, self.centroid_lat = point.x, point.y

    def current_officers(self):
        """Officers whose assignment to this beat covers today."""
        from beatbridge.accounts.models import User

        current = OfficerAssignment.objects.filter(beat=self).current()
        return User.objects.filter(pk__in=current.values("officer_id")).order_by("display_name")


class OfficerAssignmentQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> OfficerAssignmentQuerySet:
        """Assignments covering ``on`` (default: today in the site's time zone)."""
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        )


class OfficerAssignment(models.Model):
    """An officer's assignment to a beat for a period."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="beat_assignments",
        verbose_name=_("officer"),
    )
    beat = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="assignments",
        limit_choices_to={"kind__in": [AreaKind.BEAT, AreaKind.DISTRICT, AreaKind.NEIGHBORHOOD]},
        verbose_name=_("beat"),
        help_text=_(
            "The beat the officer works. In a city without beats: its district, or in a city "
            "with neither, its neighborhood (see areas/patrol.py)."
        ),
    )
    role = models.CharField(_("role"), max_length=80, blank=True, default="")
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = OfficerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["beat__code", "starts_on"]
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")

    def __str__(self) -> str:
        return f"{self.officer} → {self.beat}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .patrol import patrol_kind, patrol_kind_label

        if self.beat_id is not None and self.beat.kind != patrol_kind():
            raise ValidationError(
                {
                    "beat": _("In this city officers are assigned to %(kinds)s.")
                    % {"kinds": patrol_kind_label(plural=True)}
                }
            )
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The assignment cannot end before it starts.")})

    def is_current(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class AreaAlias(models.Model):
    """Another name people use for an area, or a place inside it ("Pilsen", "Loyola")."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "normalized"], name="area_alias_unique")
        ]
        verbose_name = _("area alias")
        verbose_name_plural = _("area aliases")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from .textmatch import normalize

        self.normalized = normalize(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized"}
        super().save(*args, **kwargs)


class StreetBlock(models.Model):
    """One hundred-block of a street ("016XX W HOWARD ST"), built from imported incidents'
    ``block`` fields by :func:`beatbridge.areas.geocoder.rebuild_gazetteer`."""

    label = models.CharField(max_length=200, unique=True)
    street = models.CharField(max_length=120, db_index=True)  # "HOWARD" (name only)
    direction = models.CharField(max_length=1, blank=True, default="")  # N, S, E, W
    suffix = models.CharField(max_length=12, blank=True, default="")  # ST, AVE…
    hundred = models.PositiveIntegerField()  # 16 for 016XX
    points = models.PositiveIntegerField(default=0)
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    lon = models.FloatField()
    lat = models.FloatField()

    class Meta:
        ordering = ["street", "direction", "hundred"]
        verbose_name = _("street block")
        verbose_name_plural = _("street blocks")

    def __str__(self) -> str:
        return self.label


class ZipArea(models.Model):
    """A ZIP code's boundary, from an optional uploaded file (``import_zips``)."""

    code = models.CharField(_("ZIP code"), max_length=10, unique=True)
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    lon = models.FloatField(editable=False, default=0)
    lat = models.FloatField(editable=False, default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ZIP code area")
        verbose_name_plural = _("ZIP code areas")

    def __str__(self) -> str:
        return self.code
