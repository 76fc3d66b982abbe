"""Demo watch groups: up to three, in neighborhoods of different districts, each with a
coordinator, a member or two, a liaison officer where one serves the area, a weekly walk, a
meeting and an announcement. Idempotent: an area that already has a group is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from beatbridge.accounts.models import Role, User
from beatbridge.areas.models import Area, AreaKind
from beatbridge.data.models import OffenseCategory

from . import services
from .models import WatchGroup

NAMES = ["{area} Block Watch", "{area} Neighbors on Patrol", "{area} Eyes on the Street"]


def _districts(area: Area) -> list:
    from beatbridge.areas.queries import beats_serving

    return sorted({b.parent_id for b in beats_serving(area)}, key=str)


def load_demo(out: Callable[[str], object] = print) -> None:
    out("Watch groups:")
    residents = list(User.objects.filter(role=Role.RESIDENT, is_active=True).order_by("pk")[:4])
    if not residents:
        out("  no residents, skipped")
        return
    cats = list(OffenseCategory.objects.filter(code__in=["220", "23F", "240"], is_sensitive=False))
    chosen, districts = [], set()
    for area in Area.objects.filter(kind=AreaKind.NEIGHBORHOOD).order_by("code"):
        fresh = [d for d in _districts(area) if d not in districts]
        if not fresh:
            continue
        districts.add(fresh[0])
        chosen.append(area)
        if len(chosen) == 3:
            break
    made = 0
    for i, area in enumerate(chosen):
        if WatchGroup.objects.filter(area=area).exists():
            continue
        coordinator = residents[i % len(residents)]
        group = services.create_group(
            area,
            name=NAMES[i].format(area=area.name),
            description="Neighbors looking out for each other and walking the block together.",
            how_to_join="Ask to join below; a coordinator answers within a few days.",
            meeting_times="First Tuesday of the month, 7 pm",
            categories=cats,
            by=coordinator,
        )
        for other in residents:
            if other.pk != coordinator.pk:
                m = services.request_to_join(group, by=other, message="I live on the block.")
                if other.pk % 2 == 0:
                    services.decide_request(m, approve=True, by=coordinator)
        officers = area_officers(area)
        if officers:
            services.assign_liaison(group, officer=officers[0], by=officers[0])
        services.add_patrol_slot(
            group,
            weekday=(2 + i) % 7,
            start_time=dt.time(19, 0),
            minutes=60,
            capacity=4,
            meeting_point="The corner store",
            by=coordinator,
        )
        start = timezone.now().replace(hour=19, minute=0, second=0, microsecond=0)
        start += dt.timedelta(days=7 + i)
        services.add_event(
            group,
            title="Monthly watch meeting",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
            location="Community room, public library",
            by=coordinator,
        )
        services.post_announcement(
            group,
            title="Welcome",
            body="Thanks for joining. Our first walk is next week; bring a phone and a light.",
            by=coordinator,
        )
        made += 1
    out(f"  {made} group(s)")


def area_officers(area: Area) -> list:
    from beatbridge.areas.queries import officers_serving

    for _beat, officers in officers_serving(area):
        if officers:
            return [User.objects.get(pk=o.pk) for o in officers]
    return []
