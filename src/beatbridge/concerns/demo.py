"""Demo data for concerns: the seeded categories and ~40 realistic reports around the demo
city's North Side and Englewood neighborhoods, some already answered by their beat officer.
Idempotent: nothing is added when demo concerns already exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from beatbridge.accounts.models import Role, User
from beatbridge.areas.models import Area, AreaKind

from . import services
from .models import Concern, ConcernUpdate
from .seed import seed_categories

NEIGHBORHOODS = ["1", "77", "2", "68", "67"]  # Rogers Park, Edgewater, West Ridge, Englewoods
OFFICER_BEAT = "2431"  # the demo officer's beat gets a fuller triage queue

REPORTS = [
    ("drug-activity", "People selling in the alley behind the laundromat most evenings."),
    ("drug-activity", "Cars stop for a minute at the corner house, all night long."),
    ("speeding-traffic", "Cars race down this block to beat the light; kids cross here."),
    ("speeding-traffic", "Drivers ignore the stop sign at this corner every morning rush."),
    ("speeding-traffic", "Drag racing on the boulevard Friday and Saturday nights."),
    ("noise", "Party with loud music until 3am almost every weekend."),
    ("noise", "Car stereo blasting in the parking lot late at night."),
    ("abandoned-vehicle", "Grey sedan with flat tires and no plates parked for three weeks."),
    ("abandoned-vehicle", "Van with broken windows has not moved in a month."),
    ("vandalism-graffiti", "New graffiti on the viaduct and the side of the community garden."),
    ("vandalism-graffiti", "Bus shelter glass smashed again."),
    ("vandalism-graffiti", "Someone keeps tagging the school fence."),
    ("lighting", "Two street lights out on this block; very dark walking home from the train."),
    ("lighting", "Alley light has been out since the storm."),
    ("lighting", "Viaduct under the tracks is pitch black at night."),
    ("loitering", "Group blocks the entrance to the corner store and hassles shoppers."),
    ("loitering", "People gather by the bus stop late at night and fights have started."),
    ("suspicious-activity", "Someone trying car door handles along the street around 2am."),
    ("suspicious-activity", "Packages keep disappearing from porches on this block."),
    ("youth-needs", "Teens have nowhere to go after the park district program closed."),
    ("youth-needs", "Kids need a safe route to the library after school."),
    ("park-safety", "Broken glass and needles near the playground."),
    ("park-safety", "Park field house lights off; people drinking after dark."),
    ("other", "Residents would like a beat meeting at a time working parents can attend."),
]

OFFICER_NOTES = [
    "We have added extra patrols on this block in the evenings.",
    "Thank you for reporting. An officer visited and spoke with the neighbors.",
    "We asked the city to replace the lights; the work order is in.",
    "This is on the agenda for the next beat meeting.",
]


def _point_in(area: Area, rng: random.Random) -> tuple[float, float] | None:
    from shapely.geometry import Point

    shape = area.shape()
    for _ in range(200):
        lon = rng.uniform(area.min_lon, area.max_lon)
        lat = rng.uniform(area.min_lat, area.max_lat)
        if shape.contains(Point(lon, lat)):
            return lon, lat
    return None


def _responder(concern: Concern) -> User | None:
    if concern.beat is not None:
        officer = concern.beat.current_officers().first()
        if officer is not None:
            return officer
    return User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()


def _respond(concern: Concern, by: User, step: int, rng: random.Random) -> None:
    note = rng.choice(OFFICER_NOTES)
    if step >= 1:
        services.acknowledge_concern(concern, by=by)
    if step >= 2:
        services.start_work(concern, by=by, note=note)
    if step == 3:
        services.resolve_concern(concern, by=by, note="The problem has been fixed.")
    if step == 4:
        services.refer_concern(
            concern, by=by, to="Chicago Department of Streets and Sanitation", note=""
        )
    if step == 5:
        services.add_update(concern, by=by, text=note, public=True)


def load_demo(out: Callable[[str], object] = print) -> None:
    from .tips.demo import load_demo_tips

    created = seed_categories()
    out(f"  concern categories: {created} created")
    _load_concerns(out)
    load_demo_tips(out)


def _load_concerns(out: Callable[[str], object]) -> None:
    if Concern.objects.filter(source="demo").exists():
        out("  demo concerns: already loaded")
        return
    areas = list(Area.objects.filter(kind=AreaKind.NEIGHBORHOOD, code__in=NEIGHBORHOODS))
    beat = Area.objects.filter(kind=AreaKind.BEAT, code=OFFICER_BEAT).first()
    if beat is not None:
        areas = [beat, *areas]
    if not areas:
        out("  demo concerns: skipped (load the demo city first)")
        return
    rng = random.Random(311)  # noqa: S311 - reproducible demo data, not security
    now = timezone.now()
    made = 0
    with transaction.atomic():
        for i in range(40):
            code, text = REPORTS[i % len(REPORTS)]
            area = areas[0] if i % 3 == 1 else areas[i % len(areas)]
            point = _point_in(area, rng)
            if point is None:
                continue
            anonymous = i % 3 == 0
            concern = services.submit_concern(
                category=code,
                description=text,
                lon=point[0],
                lat=point[1],
                anonymous=anonymous,
                contact_name="" if anonymous else "Demo Neighbor",
                contact_phone="" if anonymous else f"312-555-01{i:02d}",
                source="demo",
            )
            age = dt.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
            Concern.objects.filter(pk=concern.pk).update(created_at=now - age, updated_at=now - age)
            ConcernUpdate.objects.filter(concern=concern).update(created_at=now - age)
            concern.refresh_from_db()
            responder = _responder(concern)
            step = i % 6
            if responder is not None and step:
                _respond(concern, responder, step, rng)
            made += 1
    out(f"  demo concerns: {made} created")
