"""Which announcements an area's page shows: those addressed to the area, to an area that
contains it (a beat's district, the districts a neighborhood lies in) or to the whole city."""

from __future__ import annotations

from beatbridge.areas.models import Area, AreaKind


def covering_area_ids(area: Area) -> list[int]:
    ids = [area.pk]
    if area.parent_id:
        ids.append(area.parent_id)
    if area.kind == AreaKind.NEIGHBORHOOD:
        from beatbridge.areas.queries import overlapping

        ids.extend(d.pk for d in overlapping(area, AreaKind.DISTRICT))
    return list(dict.fromkeys(ids))
