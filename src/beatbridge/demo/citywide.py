"""The rest of the demo city: every district gets beat officers, partner organizations, a
monthly beat meeting series with minutes of its past meetings and priorities with
report-backs, and every neighborhood gets concerns in several statuses. Rogers Park, Albany
Park, Lower West Side (Pilsen) and Englewood are richer. Texts are drawn without repeats from
templates combined with real street names (``streets.py``). Seeded, so two loads of a fresh
database give the same city; each part is created once (by its marker) so loading twice adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from beatbridge.accounts.models import Organization, OrganizationKind, Role, User
from beatbridge.areas import queries
from beatbridge.areas.models import Area, AreaAlias, AreaKind, OfficerAssignment
from beatbridge.areas.services import assign_officer
from beatbridge.data.demo_streets import street_names

from .city import DEMO_PASSWORD

RICH = {"1", "14", "31", "68"}  # Rogers Park, Albany Park, Lower West Side, Englewood
DONE_DISTRICTS = {"24", "1"}  # their beats already have the hand-written demo series

ALIASES = {
    "1": ["Loyola", "Howard Street", "Juneway"],
    "2": ["Little India", "Devon Avenue", "West Rogers Park"],
    "3": ["Buena Park", "Sheridan Park", "Argyle"],
    "4": ["Ravenswood", "Lincoln Square"],
    "5": ["Roscoe Village"],
    "6": ["Wrigleyville", "Northalsted", "Boystown", "Lakeview"],
    "7": ["DePaul", "Old Town Triangle"],
    "8": ["Streeterville", "River North", "Gold Coast", "Old Town", "Magnificent Mile"],
    "14": ["Ravenswood Manor", "Mayfair", "North Mayfair", "Albany"],
    "22": ["Palmer Square", "Bucktown"],
    "24": ["Wicker Park", "Ukrainian Village", "East Village", "Noble Square"],
    "28": ["West Loop", "Greektown", "Little Italy", "University Village", "Tri-Taylor"],
    "30": ["Little Village", "La Villita"],
    "31": ["Pilsen", "Heart of Chicago", "Pilsen East"],
    "32": ["The Loop", "Downtown", "Printer's Row"],
    "33": ["South Loop", "Prairie District", "Dearborn Park"],
    "34": ["Chinatown"],
    "35": ["Bronzeville", "IIT"],
    "38": ["Bronzeville"],
    "41": ["University of Chicago", "East Hyde Park"],
    "56": ["Midway", "Archer Park"],
    "60": ["Bridgeport"],
    "68": ["Englewood", "Hamilton Park"],
    "76": ["O'Hare Airport"],
    "77": ["Andersonville", "Edgewater Beach"],
}

FIRST = ["Maria", "James", "Aisha", "Luis", "Grace", "Terrence", "Mei", "Carlos", "Nadia",
         "Kevin", "Rasheeda", "Tomás", "Hannah", "Omar", "Denise", "Patrick", "Yolanda",
         "Samuel", "Leticia", "Andre", "Monique", "Victor", "Irene", "Jamal", "Sofia",
         "Dmitri"]  # fmt: skip
LAST = ["Okafor", "Ramirez", "Kowalski", "Nguyen", "Brooks", "Delgado", "Sullivan", "Haddad",
        "Washington", "Castillo", "Murphy", "Patel", "Greene", "Moreno", "Fitzgerald", "Kim",
        "Robinson", "Herrera", "Novak", "Jefferson", "Santos", "Lindqvist", "Adeyemi"]  # fmt: skip

ORG_TEMPLATES = [
    ("{n} Block Club Council", OrganizationKind.NONPROFIT),
    ("{n} Chamber of Commerce", OrganizationKind.BUSINESS),
    ("{n} Youth Mentoring Project", OrganizationKind.YOUTH),
    ("{n} Faith Leaders Roundtable", OrganizationKind.FAITH),
    ("{n} Tenants' Association", OrganizationKind.TENANT),
    ("{n} Public Library Branch", OrganizationKind.NONPROFIT),
]

CONCERNS = [
    ("speeding-traffic", "Cars speed along {s} near {t}; kids cross there on the way to school."),
    ("speeding-traffic", "Drivers run the stop sign at {s} and {t} during the morning rush."),
    ("speeding-traffic", "Drag racing on {s} late on weekend nights, tires squealing past {t}."),
    ("lighting", "Street lights out on {s} between {t} and the next corner; very dark."),
    ("lighting", "The alley behind {s} near {t} has had no light since last month."),
    ("lighting", "Viaduct on {s} by {t} is pitch black after sunset."),
    ("abandoned-vehicle", "A car with no plates has sat on {s} near {t} for three weeks."),
    ("abandoned-vehicle", "Van with smashed windows parked on {s} by {t}, not moved in a month."),
    ("vandalism-graffiti", "Fresh graffiti on the garage doors along {s} near {t}."),
    ("vandalism-graffiti", "Bus shelter glass on {s} at {t} was broken again this week."),
    ("noise", "Loud music from a building on {s} near {t} until 3 am most weekends."),
    ("noise", "Car stereos in the lot on {s} by {t} every night after midnight."),
    ("drug-activity", "Hand-to-hand sales in the gangway off {s} near {t}, most evenings."),
    ("drug-activity", "Cars stop for a minute at a house on {s} near {t}, all night long."),
    ("loitering", "A group blocks the store entrance on {s} at {t}; shoppers feel unsafe."),
    ("suspicious-activity", "Someone tried car door handles on {s} near {t} around 2 am."),
    ("suspicious-activity", "Packages keep disappearing from porches on {s} near {t}."),
    ("park-safety", "Broken glass near the playground off {s} by {t}; parents worried."),
    ("park-safety", "The field house near {s} and {t} closes early and the lot gets rowdy."),
    ("youth-needs", "Teens near {s} and {t} have nowhere to go since the program closed."),
    ("youth-needs", "Kids walking from {s} to {t} after school need a safe route."),
    ("other", "Neighbors on {s} would like the beat meeting moved to an evening after 7 pm."),
]

PRIORITY_TEMPLATES = [
    ("Speeding on {s}", "Drivers race along {s}; neighbors ask for enforcement and calming.",
     [("Speed-feedback sign installed on {s}; a traffic study is under way.", "same"),
      ("Two speed humps approved by the alderman; morning enforcement continues.", "better")]),
    ("Dark blocks around {s}", "Street and alley lights out near {s}; residents feel unsafe.",
     [("Lights reported to 311 block by block; the city replaced eleven.", "better"),
      ("Block club porch-light evening; the last two alley lights are on order.", "same")]),
    ("Drug sales near {s}", "Open-air sales near {s} most evenings, reported by many.",
     [("Extra patrols 6-10 pm near {s}; fewer sales reported since.", "same"),
      ("The store owner trimmed the hedge that hid the corner; two arrests.", "better")]),
    ("Car break-ins on {s}", "Cars broken into overnight on {s}, several a week.",
     [("Night patrols on {s}; flyers on keeping valuables out of sight.", "same"),
      ("Two businesses added cameras that cover the parking lanes.", "better")]),
    ("Safe passage to school along {s}", "Students walking along {s} report being harassed.",
     [("Officers and parent volunteers at the corners 7:30-8:30 and 2:30-3:30.", "better"),
      ("Met the principal; the route map goes home with every student.", "same")]),
]  # fmt: skip
MINUTES = [
    "Neighbors reviewed the month's concerns and the incident map for the beat.",
    "About twenty residents came; the discussion centred on lighting and speeding.",
    "The beat team reported back on last month's priorities and took new questions.",
    "Youth programs and safe routes to school were the main topics this month.",
]


def _out(out: Callable[[str], object], text: str) -> None:
    out(f"  {text}")


def load_aliases(out: Callable[[str], object] = print) -> int:
    made = 0
    areas = {a.code: a for a in Area.objects.neighborhoods().filter(code__in=ALIASES)}
    for code, names in ALIASES.items():
        area = areas.get(code)
        if area is None:
            continue
        for name in names:
            if name.casefold() == area.name.casefold():
                continue
            from beatbridge.areas.textmatch import normalize

            _, created = AreaAlias.objects.get_or_create(
                area=area, normalized=normalize(name), defaults={"name": name}
            )
            made += created
    _out(out, f"place names (aliases): {made} created")
    return made


def _lead_beats() -> dict[str, list[Area]]:
    beats: dict[str, list[Area]] = {}
    for beat in Area.objects.beats().select_related("parent").defer("geometry").order_by("code"):
        if beat.parent is not None:
            beats.setdefault(beat.parent.code, []).append(beat)
    return beats


def _lead_beat(beats: list[Area]) -> tuple[Area, list[Area]]:
    """The district's beat for its meeting series: one in a rich neighborhood if any (so
    those pages show meetings and priorities), else the first; with its neighborhoods."""
    for beat in beats:
        hoods = queries.overlapping(beat, AreaKind.NEIGHBORHOOD, min_share=0.2)
        if any(h.code in RICH for h in hoods):
            return beat, hoods
    return beats[0], queries.overlapping(beats[0], AreaKind.NEIGHBORHOOD, min_share=0.2)


def load_officers(out: Callable[[str], object] = print) -> dict[str, list[User]]:
    """Two beat officers per district, each serving half of its beats."""
    hashed = make_password(DEMO_PASSWORD)
    rng = random.Random(17)  # noqa: S311 - reproducible demo names
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(names)
    officers: dict[str, list[User]] = {}
    created = 0
    for index, (district, beats) in enumerate(sorted(_lead_beats().items())):
        team = []
        for k in range(2):
            email = f"officer.d{district}.{k + 1}@demo.beatbridge.org"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=None,
                    display_name=f"Officer {names[2 * index + k]}",
                    role=Role.OFFICER,
                    badge_number=f"{7000 + 2 * index + k}",
                )
                user.password = hashed
                user.save(update_fields=["password"])
                created += 1
            for beat in beats[k::2]:
                if not OfficerAssignment.objects.filter(officer=user, beat=beat).exists():
                    assign_officer(user, beat, starts_on=dt.date(2026, 1, 1), role="Beat officer")
            team.append(user)
        officers[district] = team
    _out(out, f"district officers: {created} created, two per district")
    return officers


def load_partners(out: Callable[[str], object] = print) -> int:
    """One or two partner organizations per neighborhood (more in the rich ones)."""
    made = 0
    for number, area in enumerate(Area.objects.neighborhoods().defer("geometry").order_by("code")):
        count = 3 if area.code in RICH else 1 + number % 2
        for k in range(count):
            template, kind = ORG_TEMPLATES[(number + k) % len(ORG_TEMPLATES)]
            name = template.format(n=area.name)
            org, created = Organization.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "contact_email": f"contact.{area.code}.{k}@demo.example.org",
                },
            )
            if created:
                org.neighborhoods.add(area)
                made += 1
    _out(out, f"partner organizations: {made} created")
    return made


def _local_streets(area: Area, rng: random.Random) -> list[str]:
    """Streets of the gazetteer inside the area's box, shuffled; the grid list without one."""
    from beatbridge.areas.models import StreetBlock
    from beatbridge.data.demo_streets import pretty

    found = sorted(
        set(
            StreetBlock.objects.filter(
                lon__gte=area.min_lon, lon__lte=area.max_lon,
                lat__gte=area.min_lat, lat__lte=area.max_lat,
            ).values_list("street", "suffix")
        )
    )  # fmt: skip
    names = [pretty(n, s) for n, s in found]
    if len(names) < 2:
        names = street_names()
    rng.shuffle(names)
    return names


def _streets(area: Area, rng: random.Random) -> tuple[str, str]:
    first, second = _local_streets(area, rng)[:2]
    return first, second


def load_concerns(out: Callable[[str], object] = print) -> int:
    from beatbridge.concerns import demo as concern_demo
    from beatbridge.concerns import services
    from beatbridge.concerns.models import Concern, ConcernUpdate

    if Concern.objects.filter(source="demo-city").exists():
        _out(out, "neighborhood concerns: already loaded")
        return 0
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    used: set[str] = set()
    now = timezone.now()
    made = 0
    with transaction.atomic():
        for area in Area.objects.neighborhoods().order_by("code"):
            for i in range(8 if area.code in RICH else 3):
                for _try in range(20):
                    category, template = rng.choice(CONCERNS)
                    street, cross = _streets(area, rng)
                    text = template.format(s=street, t=cross)
                    if text not in used:
                        break
                used.add(text)
                point = concern_demo._point_in(area, rng)
                if point is None:
                    continue
                anonymous = i % 3 == 0
                concern = services.submit_concern(
                    category=category,
                    description=text,
                    lon=point[0],
                    lat=point[1],
                    anonymous=anonymous,
                    contact_name="" if anonymous else rng.choice(FIRST),
                    source="demo-city",
                )
                age = dt.timedelta(days=rng.randint(1, 75), hours=rng.randint(0, 23))
                Concern.objects.filter(pk=concern.pk).update(
                    created_at=now - age, updated_at=now - age
                )
                ConcernUpdate.objects.filter(concern=concern).update(created_at=now - age)
                concern.refresh_from_db()
                responder = concern_demo._responder(concern)
                step = (i + int(area.code)) % 6
                if responder is not None and step:
                    concern_demo._respond(concern, responder, step, rng)
                made += 1
    _out(out, f"neighborhood concerns: {made} created in every neighborhood")
    return made


def _months_ago(n: int) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def load_meetings(officers: dict[str, list[User]], out: Callable[[str], object] = print) -> int:
    """A monthly series on each district's first beat, minutes for its past meetings and
    priorities with report-backs."""
    from beatbridge.meetings import services as meetings
    from beatbridge.meetings.models import MeetingKind, MeetingSeries, Minutes
    from beatbridge.priorities import services as priorities
    from beatbridge.priorities.models import Priority

    rng = random.Random(48)  # noqa: S311 - reproducible demo data
    made = 0
    now = timezone.now()
    for index, (district, beats) in enumerate(sorted(_lead_beats().items())):
        if district in DONE_DISTRICTS or district not in officers:
            continue
        beat, hoods = _lead_beat(beats)
        officer = officers[district][beats.index(beat) % 2]  # the one serving that beat
        title = f"Beat {beat.code} community meeting"
        series = MeetingSeries.objects.filter(title=title).first()
        if series is None:
            place = f"District {district} station community room"
            series = meetings.create_series(
                areas=[beat, *hoods],
                by=officer,
                kind=MeetingKind.BEAT_MEETING,
                title=title,
                description="Neighbors and beat officers meet monthly to review conditions, "
                "choose priority problems and report back on what was done.",
                address=place,
                lon=beat.centroid_lon,
                lat=beat.centroid_lat,
                languages=["en", "es"],
                capacity=50,
                frequency="monthly_weekday",
                weekday=1 + index % 3,
                ordinal=1 + index % 3,
                start_time=dt.time(18, 30),
                duration_minutes=90,
                starts_on=_months_ago(4),
            )
            made += 1
        past = list(series.meetings.filter(starts_at__lt=now).order_by("starts_at"))
        for k, meeting in enumerate(past):
            if Minutes.objects.filter(meeting=meeting).exists():
                continue
            meetings.take_attendance(
                meeting,
                present_rsvp_ids=[],
                walk_ins=[
                    {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"} for _ in range(3 + k)
                ],  # fmt: skip
                by=officer,
            )
            meetings.save_minutes(
                meeting,
                by=officer,
                summary=MINUTES[(index + k) % len(MINUTES)],
                decisions="Keep the beat's priorities; report back next month.",
            )
            meetings.approve_minutes(meeting, by=officer)
        if len(past) >= 3 and not Priority.objects.filter(area=beat).exists():
            local = _local_streets(beat, rng)
            picks = rng.sample(PRIORITY_TEMPLATES, 2)
            chosen = [
                priorities.propose_priority(
                    beat, title=t.format(s=street), description=d.format(s=street), by=officer
                )
                for (t, d, _r), street in zip(picks, local, strict=False)
            ]
            first, later = past[-3], past[-2:]
            priorities.confirm_priorities(
                beat, chosen=chosen, meeting=first, by=officer, note="Chosen by show of hands."
            )
            Priority.objects.filter(pk__in=[p.pk for p in chosen]).update(
                confirmed_at=first.starts_at - dt.timedelta(hours=1)
            )
            for n, priority in enumerate(chosen):
                priority.refresh_from_db()
                priorities.assign_priority(priority, officer_owner=officer, by=officer)
                for meeting, (done, outcome) in zip(later, picks[n][2], strict=False):
                    done = done.format(s=local[n])
                    entry = priorities.report_back(
                        priority,
                        meeting=meeting,
                        what_was_done=done,
                        done_by=officer.display_name,
                        outcome=outcome,
                        new_status=None,
                        by=officer,
                    )
                    type(entry).objects.filter(pk=entry.pk).update(
                        created_at=meeting.starts_at + dt.timedelta(hours=1)
                    )
    _out(out, f"district meeting series: {made} created, minutes and priorities for each")
    return made


def load_citywide(out: Callable[[str], object] = print) -> None:
    out("The whole city (every district and neighborhood):")
    load_aliases(out)
    officers = load_officers(out)
    load_partners(out)
    load_concerns(out)
    load_meetings(officers, out)
