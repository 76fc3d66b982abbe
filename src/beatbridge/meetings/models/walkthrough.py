"""Walk-throughs: issues found along the route, each turned into a concern."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WalkThroughIssue(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="walkthrough_issues"
    )
    category = models.ForeignKey(
        "concerns.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    description = models.TextField(_("what was found"), max_length=4000)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    address = models.CharField(_("address or place"), max_length=300, blank=True, default="")
    concern = models.OneToOneField(
        "concerns.Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
        ordering = ["created_at", "pk"]
        verbose_name = _("walk-through issue")
        verbose_name_plural = _("walk-through issues")

    def __str__(self) -> str:
        return self.description[:60]
