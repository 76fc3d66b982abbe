"""Stored results of the insights: near-repeat patterns, elevated risks, trend alerts,
wedge-risk alerts and responses, population tables and needs assessments.

Hotspot maps are not stored: they are computed on request and cached (keyed by the
parameters and the data version), see :mod:`beatbridge.analysis.services.hotspots`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NearRepeatPattern(models.Model):
    """The department's own near-repeat pattern for one offense category (Knox test)."""

    category = models.OneToOneField(
        "data.OffenseCategory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("offense category"),
    )
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    n_events = models.PositiveIntegerField(_("incidents"), default=0)
    permutations = models.PositiveIntegerField(_("permutations"), default=0)
    metric = models.CharField(_("distance"), max_length=10, default="euclidean")
    space_breaks = models.JSONField(_("distance bands (m)"), default=list)
    time_breaks = models.JSONField(_("time bands (days)"), default=list)
    observed = models.JSONField(default=list)
    expected = models.JSONField(default=list)
    knox_ratio = models.JSONField(default=list)
    p_values = models.JSONField(default=list)
    # The significant near-repeat zone around a new incident (None: no near-repeat pattern).
    risk_radius_m = models.FloatField(_("elevated-risk radius (m)"), null=True, blank=True)
    risk_days = models.PositiveIntegerField(_("elevated-risk days"), null=True, blank=True)

    class Meta:
        ordering = ["category__code"]
        verbose_name = _("near-repeat pattern")
        verbose_name_plural = _("near-repeat patterns")

    def __str__(self) -> str:
        return f"{self.category.code} · {self.computed_at:%Y-%m-%d}"

    @property
    def has_pattern(self) -> bool:
        return bool(self.risk_radius_m and self.risk_days)


class ElevatedRiskQuerySet(models.QuerySet["ElevatedRisk"]):
    def active(self, now=None) -> ElevatedRiskQuerySet:
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)


class ElevatedRisk(models.Model):
    """Around a new incident, the near-repeat zone is at elevated risk until the band ends.

    Only the generalized (block-level) point is stored, so this may be shown publicly.
    """

    category = models.ForeignKey("data.OffenseCategory", on_delete=models.CASCADE, related_name="+")
    incident_id = models.BigIntegerField(_("incident"))
    center_lon = models.FloatField(_("longitude (generalized)"))
    center_lat = models.FloatField(_("latitude (generalized)"))
    radius_m = models.FloatField(_("radius (m)"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    beat = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    neighborhood = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ElevatedRiskQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("elevated risk")
        verbose_name_plural = _("elevated risks")
        constraints = [
            models.UniqueConstraint(fields=["category", "incident_id"], name="risk_per_incident")
        ]
        indexes = [models.Index(fields=["ends_at"], name="risk_ends")]

    def __str__(self) -> str:
        return f"{self.category.code} r={self.radius_m:.0f} m until {self.ends_at:%Y-%m-%d}"


class Direction(models.TextChoices):
    UP = "up", _("Up")
    DOWN = "down", _("Down")


class TrendAlert(models.Model):
    """An area whose recent months differ significantly from the same months of past years."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "data.OffenseCategory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: all offenses."),
    )
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    ratio = models.FloatField(_("ratio"), null=True, blank=True, help_text=_("Empty: none before."))
    p = models.FloatField(_("p-value"))
    q = models.FloatField(_("q-value"))
    recent_mean = models.FloatField(_("recent monthly mean"), default=0)
    baseline_mean = models.FloatField(_("baseline monthly mean"), default=0)
    since_month = models.PositiveIntegerField(_("since (YYYYMM)"), null=True, blank=True)
    last_month = models.PositiveIntegerField(_("last month tested (YYYYMM)"))
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["q", "area__kind", "area__code"]
        verbose_name = _("trend alert")
        verbose_name_plural = _("trend alerts")

    def __str__(self) -> str:
        return f"{self.area} {self.direction} ×{self.ratio or 0:.2f}"


WEDGE_REASONS = {
    "minor_enforcement_up": _("minor-offense enforcement rose significantly"),
    "trust_down": _("trust fell"),
    "no_resident_demand": _("residents are not asking for this enforcement"),
}


class WedgeAlert(models.Model):
    """A neighborhood flagged "wedge risk" for a month; supervisors are told once."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField(_("month (YYYYMM)"))
    reasons = models.JSONField(default=list)
    figures = models.JSONField(default=dict)
    is_synthetic = models.BooleanField(_("based on synthetic data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "area__code"]
        verbose_name = _("wedge-risk alert")
        verbose_name_plural = _("wedge-risk alerts")
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="wedge_alert_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.month}"

    @property
    def has_response(self) -> bool:
        return len(self.responses.all()) > 0  # uses prefetch_related when there

    def reason_labels(self) -> list[str]:
        return [str(WEDGE_REASONS.get(code, code)) for code in self.reasons]

    def month_label(self) -> str:
        from .services.common import month_label

        return month_label(self.month)


class WedgeResponse(models.Model):
    """What a supervisor did about a wedge-risk alert."""

    alert = models.ForeignKey(WedgeAlert, on_delete=models.CASCADE, related_name="responses")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.TextField(_("what was done"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wedge-risk response")
        verbose_name_plural = _("wedge-risk responses")

    def __str__(self) -> str:
        return self.action[:60]


class PopulationTable(models.Model):
    """Residents of an area in a year, with optional groups (e.g. age bands, languages)."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(_("residents"))
    groups = models.JSONField(_("groups"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__code", "year"]
        verbose_name = _("population table")
        verbose_name_plural = _("population tables")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="population_area_year")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.total}"


class NeedsAssessment(models.Model):
    """A neighborhood's needs, re-assessed every quarter (and on demand)."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    findings = models.JSONField(default=dict)
    changes = models.JSONField(_("changes since the last assessment"), default=list)
    suggestion = models.TextField(_("suggestion"), blank=True, default="")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal = models.ForeignKey(
        "meetings.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.area} {self.created_at:%Y-%m-%d}"


def _positive(value: float) -> None:
    from django.core.exceptions import ValidationError

    if value is not None and value <= 0:
        raise ValidationError(_("Enter a number greater than zero."))


class WedgeRuleSettings(models.Model):
    """The department's own wedge-risk thresholds, edited in the admin (one row).

    An empty field keeps the value from the deployment's settings (or the code default, see
    :class:`beatbridge.insights.balance.WedgeThresholds`); alerts are recomputed with the new
    values on the next refresh.
    """

    recent_months = models.PositiveSmallIntegerField(
        _("recent months"), null=True, blank=True, validators=[_positive]
    )
    baseline_months = models.PositiveSmallIntegerField(
        _("baseline months"), null=True, blank=True, validators=[_positive]
    )
    min_baseline_months = models.PositiveSmallIntegerField(
        _("fewest baseline months"), null=True, blank=True, validators=[_positive]
    )
    rise_z = models.FloatField(
        _("rise of minor enforcement (z-score)"), null=True, blank=True, validators=[_positive]
    )
    min_rise_ratio = models.FloatField(
        _("rise of minor enforcement (at least this multiple of the baseline)"),
        null=True,
        blank=True,
        validators=[_positive],
    )
    trust_drop_rel = models.FloatField(
        _("trust drop (share of the previous score)"),
        null=True,
        blank=True,
        validators=[_positive],
    )
    concern_rise_ratio = models.FloatField(
        _("residents' concerns flat (at most this multiple of the baseline)"),
        null=True,
        blank=True,
        validators=[_positive],
    )
    engagement_drop_ratio = models.FloatField(
        _("engagement down (below this multiple of the baseline)"),
        null=True,
        blank=True,
        validators=[_positive],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("wedge-risk thresholds")
        verbose_name_plural = _("wedge-risk thresholds")

    def __str__(self) -> str:
        return str(_("Wedge-risk thresholds"))

    def overrides(self) -> dict[str, float | int]:
        """The thresholds set here (empty fields left out)."""
        names = [f.name for f in self._meta.concrete_fields if f.name not in ("id", "updated_at")]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}
