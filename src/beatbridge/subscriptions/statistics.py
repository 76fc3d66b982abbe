"""The monthly statistics message per area: incidents last month against the same month a
year before, from the data app's counts (``beatbridge.data.stats.monthly_counts``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .services import queue_for


def previous_month(today: dt.date) -> int:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year * 100 + first.month


def area_figures(area, today: dt.date) -> tuple[int, int, int]:
    """(YYYYMM of last month, incidents then, incidents the same month a year before)."""
    from beatbridge.data import stats

    month = previous_month(today)
    counts = dict(stats.monthly_counts(area, today, years=2))
    return month, counts.get(month, 0), counts.get(month - 100, 0)


def publish_monthly_statistics(today: dt.date | None = None, dry_run: bool = False) -> int:
    """Publish topic monthly_statistics for every district, beat and neighborhood with
    subscribers; returns the deliveries queued (or, dry run, the areas)."""
    from beatbridge.areas.models import Area
    from beatbridge.data import stats

    from .models import Subscription

    today = today or timezone.localdate()
    followed = set(
        Subscription.objects.filter(area__isnull=False).values_list("area_id", flat=True)
    )
    queued = 0
    areas: list = list(Area.objects.filter(pk__in=followed))
    if Subscription.objects.filter(area__isnull=True).exists():
        areas.append(None)  # the city as a whole
    for area in areas:
        if not stats.supports(area):
            continue
        recipients = exact_subscribers(area)
        if not recipients:
            continue
        month, now, before = area_figures(area, today)
        if dry_run:
            queued += 1
            continue
        label = dt.date(month // 100, month % 100, 1).strftime("%B %Y")
        with translation.override("en"):
            subject = _("%(area)s: crime statistics for %(month)s") % {
                "area": area or _("The city"),
                "month": label,
            }
            text = _(
                "%(now)s incidents were recorded in %(area)s in %(month)s "
                "(%(before)s in the same month a year before)."
            ) % {"now": now, "before": before, "area": area or _("the city"), "month": label}
        queued += queue_for(
            recipients,
            topic="monthly_statistics",
            subject=subject,
            text=text,
            url=f"/areas/{area.kind}/{area.code}/" if area else "/data/city/",
            source_key=f"stats:{area.pk if area else 'city'}:{month}",
        )
    return queued


def exact_subscribers(area) -> list:
    """Confirmed, active subscribers following monthly_statistics for exactly ``area``
    (None: city-wide); a beat's figures do not go to its district's subscribers."""
    from .models import Subscription

    subs = Subscription.objects.filter(area=area, subscriber__is_active=True).select_related(
        "subscriber", "subscriber__user"
    )
    return [
        s.subscriber
        for s in subs
        if "monthly_statistics" in (s.topics or []) and s.subscriber.is_confirmed
    ]
