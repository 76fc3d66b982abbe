"""Feed the areas' block gazetteer from imported incidents' ``block`` fields."""

from __future__ import annotations

from django.db.models import Avg, Count, Max, Min

from beatbridge.areas.geocoder import rebuild_gazetteer

from .models import Incident


def rebuild_block_gazetteer() -> int:
    """One gazetteer row per distinct block, from incidents that may be public (a block known
    only from a sensitive incident is left out). Returns the number of blocks stored."""
    rows = (
        Incident.objects.public()
        .exclude(block="")
        .values("block")
        .annotate(
            n=Count("id"),
            min_lon=Min("lon"),
            min_lat=Min("lat"),
            max_lon=Max("lon"),
            max_lat=Max("lat"),
            avg_lon=Avg("lon"),
            avg_lat=Avg("lat"),
        )
        .order_by()
        .values_list("block", "n", "min_lon", "min_lat", "max_lon", "max_lat", "avg_lon", "avg_lat")
    )
    return rebuild_gazetteer(rows.iterator())
