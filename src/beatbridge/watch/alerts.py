"""Watch-group alerts: incidents of a watched category imported in or near the group's area,
and near-repeat elevated-risk zones covering it.

Privacy: an alert names the area, the day and an H3 cell (resolution 9, about 0.1 km²)
around the block-level point — never the exact point, never coordinates, never the victim,
the address block, the premise or the source's offense text. Sensitive categories (and
sensitive incidents) never alert (``Incident.objects.public()``). Each incident or zone
alerts a group once (``WatchAlert.item_key``), so a re-import does not alert twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from collections.abc import Iterable
from typing import Any

import h3
import numpy as np
import shapely
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from shapely.geometry import Point

from .advice import advice_for
from .models import AlertKind, WatchAlert, WatchGroup
from .notifications import absolute, send_watch_alert

logger = logging.getLogger(__name__)

ALERT_H3_RESOLUTION = 9


def near_metres() -> float:
    return float(getattr(settings, "WATCH_ALERT_NEAR_M", 200))


def max_age_days() -> int:
    return int(getattr(settings, "WATCH_ALERT_MAX_AGE_DAYS", 14))


def _metric(lat0: float):
    return np.array([111_320.0 * math.cos(math.radians(lat0)), 110_540.0])


class _GroupShape:
    def __init__(self, group: WatchGroup) -> None:
        self.group = group
        area = group.area
        self.scale = _metric(area.centroid_lat)
        self.shape = shapely.transform(area.shape(), lambda c: c * self.scale)
        pad_lat = near_metres() / 110_540.0 * 2
        pad_lon = pad_lat / max(0.1, math.cos(math.radians(area.centroid_lat)))
        self.bbox = (
            area.min_lon - pad_lon,
            area.min_lat - pad_lat,
            area.max_lon + pad_lon,
            area.max_lat + pad_lat,
        )

    def distance(self, lon: float, lat: float) -> float:
        return self.shape.distance(Point(lon * self.scale[0], lat * self.scale[1]))

    def maybe_near(self, lon: float, lat: float, extra_deg: float = 0.0) -> bool:
        a, b, c, d = self.bbox
        return a - extra_deg <= lon <= c + extra_deg and b - extra_deg <= lat <= d + extra_deg


def _watching_groups() -> list[WatchGroup]:
    groups = (
        WatchGroup.objects.active()
        .filter(watched_categories__isnull=False)
        .distinct()
        .select_related("area")
        .prefetch_related("watched_categories")
    )
    return list(groups)


def _watches(group: WatchGroup, category: Any) -> bool:
    ids = {c.pk for c in group.watched_categories.all()}
    return category.pk in ids or (category.parent_id is not None and category.parent_id in ids)


def generalized_cell(h3_cell: str = "", lon: float | None = None, lat: float | None = None) -> str:
    """The resolution-9 H3 cell around a block-level point (or its resolution-10 cell)."""
    try:
        if h3_cell:
            return h3.cell_to_parent(h3_cell, ALERT_H3_RESOLUTION)
        if lon is not None and lat is not None:
            return h3.latlng_to_cell(lat, lon, ALERT_H3_RESOLUTION)
    except Exception:  # an odd stored cell never blocks an alert
        logger.warning("bad H3 cell %r", h3_cell)
    return ""


def _day(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "DATE_FORMAT")


def _area_label(group: WatchGroup, in_area: bool) -> str:
    if in_area:
        return _("in %(area)s") % {"area": group.area}
    return _("near %(area)s") % {"area": group.area}


def _deliver(group: WatchGroup, items: list[dict]) -> int:
    """One message per group and batch; one WatchAlert row per new item."""
    keys = sorted(i["key"] for i in items)
    source_key = "watch:{}:{}".format(
        group.pk,
        hashlib.sha256("|".join(keys).encode()).hexdigest()[:24],
    )
    lines = []
    for item in items:
        lines.append(f"• {item['line']}")
        lines.append(f"  {_('Prevention')}: {item['advice']}")
    url = absolute(group.get_absolute_url())
    subject = ngettext(
        "Watch alert for %(group)s: %(n)s report",
        "Watch alert for %(group)s: %(n)s reports",
        len(items),
    ) % {"group": group.name, "n": len(items)}
    text = "\n".join(
        [
            subject,
            "",
            *lines,
            "",
            _("Locations are shown to the block area only. Call 911 in an emergency."),
            url,
        ]
    )
    members = [m.user for m in group.active_members().select_related("user")]
    with transaction.atomic():
        rows = [
            WatchAlert(
                group=group,
                kind=item["kind"],
                item_key=item["key"],
                category=item["category"],
                cell=item["cell"],
                text=item["line"],
            )
            for item in items
        ]
        WatchAlert.objects.bulk_create(rows, ignore_conflicts=True)
        sent = send_watch_alert(
            users=members, subject=subject, text=text, url=url, source_key=source_key
        )
        WatchAlert.objects.filter(group=group, item_key__in=keys).update(deliveries=sent)
    return sent


def _new_items(group: WatchGroup, items: list[dict]) -> list[dict]:
    seen = set(
        group.alerts.filter(item_key__in=[i["key"] for i in items]).values_list(
            "item_key", flat=True
        )
    )
    unique: dict[str, dict] = {}
    for i in items:
        if i["key"] not in seen:
            unique.setdefault(i["key"], i)
    return list(unique.values())


def alert_groups_for_incidents(incidents: Iterable[Any]) -> dict[int, int]:
    """Alert every group watching the incidents' categories in or near its area.

    Returns {group id: deliveries queued}. Only public (non-sensitive) incidents of the
    last WATCH_ALERT_MAX_AGE_DAYS days alert."""
    from beatbridge.data.models import Incident

    groups = _watching_groups()
    if not groups:
        return {}
    since = timezone.now() - dt.timedelta(days=max_age_days())
    pks = [getattr(i, "pk", i) for i in incidents]
    qs = (
        Incident.objects.public()
        .filter(pk__in=pks, occurred_at__gte=since)
        .select_related("category", "category__parent")
        .only(
            "pk",
            "category",
            "occurred_at",
            "public_lon",
            "public_lat",
            "h3_cell",
            "beat_id",
            "neighborhood_id",
            "category__code",
            "category__name_en",
            "category__name_es",
            "category__parent",
            "category__is_sensitive",
        )
    )
    incidents = list(qs)
    out: dict[int, int] = {}
    limit = near_metres()
    for group in groups:
        shape = _GroupShape(group)
        items = []
        for inc in incidents:
            if not _watches(group, inc.category):
                continue
            in_area = group.area_id in (inc.beat_id, inc.neighborhood_id)
            if not in_area:
                if not shape.maybe_near(inc.public_lon, inc.public_lat):
                    continue
                if shape.distance(inc.public_lon, inc.public_lat) > limit:
                    continue
            cell = generalized_cell(inc.h3_cell, inc.public_lon, inc.public_lat)
            line = _("%(category)s reported %(where)s on %(day)s (block area %(cell)s).") % {
                "category": inc.category.name,
                "where": _area_label(group, in_area),
                "day": _day(inc.occurred_at),
                "cell": cell,
            }
            items.append(
                {
                    "key": f"incident:{inc.pk}",
                    "kind": AlertKind.INCIDENT,
                    "category": inc.category,
                    "cell": cell,
                    "line": line,
                    "advice": advice_for(inc.category),
                }
            )
        items = _new_items(group, items)
        if items:
            out[group.pk] = _deliver(group, items)
    return out


def alert_groups_for_import(run: Any) -> dict[int, int]:
    """After an incident import: alert for the incidents the run added or changed."""
    from beatbridge.data.models import ImportKind, ImportStatus, Incident

    if run.status != ImportStatus.DONE or run.is_dry_run or run.kind != ImportKind.INCIDENTS:
        return {}
    started = run.started_at or run.created_at
    pks = Incident.objects.filter(Q(imported_at__gte=started) | Q(updated_at__gte=started))
    if run.finished_at:
        pks = pks.filter(imported_at__lte=run.finished_at + dt.timedelta(seconds=1))
    return alert_groups_for_incidents(pks.values_list("pk", flat=True))


def alert_groups_for_risks(risks: Iterable[Any] | None = None) -> dict[int, int]:
    """Alert groups whose area an elevated-risk zone covers (in force now, not sensitive).

    ``risks`` defaults to every active zone; zones already alerted are skipped."""
    from beatbridge.analysis.services import active_elevated_risks

    active = {r.pk: r for r in active_elevated_risks()}  # leaves sensitive ones out
    if risks is not None:
        wanted = {getattr(r, "pk", r) for r in risks}
        active = {pk: r for pk, r in active.items() if pk in wanted}
    groups = _watching_groups()
    out: dict[int, int] = {}
    for group in groups:
        shape = _GroupShape(group)
        items = []
        for risk in active.values():
            if not _watches(group, risk.category):
                continue
            deg = risk.radius_m / 110_540.0 * 2
            if not shape.maybe_near(risk.center_lon, risk.center_lat, deg):
                continue
            if shape.distance(risk.center_lon, risk.center_lat) > risk.radius_m:
                continue
            cell = generalized_cell(lon=risk.center_lon, lat=risk.center_lat)
            line = _(
                "Elevated risk of %(category)s %(where)s until %(day)s: a recent incident "
                "makes another nearby more likely for a while (block area %(cell)s)."
            ) % {
                "category": risk.category.name,
                "where": _area_label(group, True),
                "day": _day(risk.ends_at),
                "cell": cell,
            }
            items.append(
                {
                    "key": f"risk:{risk.pk}",
                    "kind": AlertKind.RISK,
                    "category": risk.category,
                    "cell": cell,
                    "line": line,
                    "advice": advice_for(risk.category),
                }
            )
        items = _new_items(group, items)
        if items:
            out[group.pk] = _deliver(group, items)
    return out
