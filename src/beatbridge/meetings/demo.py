"""Demo meetings: a monthly beat meeting series for beats 2431–2433 and 0111, a walk-through,
a coffee with a cop and a safety workshop, with RSVPs, attendance, an agenda and minutes for
the most recent past beat meeting. Idempotent: each piece is created once, by its title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test.utils import override_settings
from django.utils import timezone

from beatbridge.accounts.models import Organization, User
from beatbridge.areas.models import Area, AreaKind

from . import services
from .models import AreaDemographics, Meeting, MeetingKind, MeetingSeries, Minutes

BEATS = {
    # beat: (officer email, place, lon, lat)
    "2431": (
        "officer@demo.beatbridge.org",
        "Rogers Park Library, 6907 N Clark St",
        -87.6727,
        42.0081,
    ),
    "2432": (
        "officer2@demo.beatbridge.org",
        "Loyola Park Field House, 1230 W Greenleaf Ave",
        -87.6636,
        42.0105,
    ),
    "2433": (
        "supervisor@demo.beatbridge.org",
        "24th District Station, 6464 N Clark St",
        -87.6713,
        41.9990,
    ),
    "0111": (
        "officer3@demo.beatbridge.org",
        "Harold Washington Library, 400 S State St",
        -87.6282,
        41.8762,
    ),
}
TUESDAY, WEDNESDAY, THURSDAY = 1, 2, 3


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _area(kind: str, code: str) -> Area | None:
    return Area.objects.filter(kind=kind, code=code).first()


def _months_ago(n: int) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def _series(out) -> None:
    for code, (email, place, lon, lat) in BEATS.items():
        beat, officer = _area(AreaKind.BEAT, code), _user(email)
        title = f"Beat {code} community meeting"
        if beat is None or officer is None:
            out(f"  {title}: skipped (beat or officer missing)")
            continue
        if MeetingSeries.objects.filter(title=title).exists():
            continue
        series = services.create_series(
            areas=[beat],
            by=officer,
            kind=MeetingKind.BEAT_MEETING,
            title=title,
            description=(
                "Neighbors and beat officers meet every month to review conditions, "
                "choose priority problems and report back on what was done."
            ),
            address=place,
            lon=lon,
            lat=lat,
            accessibility_notes="Step-free entrance; Spanish interpretation on request.",
            languages=["en", "es"],
            capacity=60,
            frequency="monthly_weekday",
            weekday=TUESDAY if code != "2432" else WEDNESDAY,
            ordinal=2 if code != "0111" else -1,
            start_time=dt.time(18, 30),
            duration_minutes=90,
            starts_on=_months_ago(4),
        )
        out(f"  {title}: {series.meetings.count()} meetings ({series.rule_text()})")


def _single(out, title: str, kind: str, beat_code: str, days: int, **details) -> Meeting | None:
    existing = Meeting.objects.filter(title=title).first()
    if existing:
        return existing
    email, place, lon, lat = BEATS[beat_code]
    officer, beat = _user(email), _area(AreaKind.BEAT, beat_code)
    if officer is None or beat is None:
        return None
    start = timezone.localtime().replace(
        hour=details.pop("hour", 9), minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=days)
    areas = [beat, *filter(None, [_area(AreaKind.NEIGHBORHOOD, "1")])]
    meeting = services.schedule_meeting(
        areas=areas,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=details.pop("minutes", 90)),
        by=officer,
        kind=kind,
        title=title,
        **{"address": place, "lon": lon, "lat": lat, **details},
    )
    out(f"  {title}: scheduled")
    return meeting


def _past_cycle(out) -> None:
    """RSVPs, attendance, agenda and minutes for the last past meeting of beat 2431."""
    officer = _user(BEATS["2431"][0])
    series = MeetingSeries.objects.filter(title="Beat 2431 community meeting").first()
    if officer is None or series is None:
        return
    now = timezone.now()
    past = series.meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    upcoming = series.meetings.filter(starts_at__gte=now).order_by("starts_at").first()
    if past and not Minutes.objects.filter(meeting=past).exists():
        services.take_attendance(
            past,
            present_rsvp_ids=[],
            walk_ins=[
                {"name": "Rosa Martínez", "tenure": "owner", "age_band": "35_49", "language": "es"},
                {
                    "name": "Darnell Jackson",
                    "tenure": "renter",
                    "age_band": "50_64",
                    "language": "en",
                },
                {"name": "Mei Chen", "tenure": "owner", "age_band": "65_plus", "language": "zh"},
                {"name": "Tom Byrne", "tenure": "owner", "age_band": "65_plus", "language": "en"},
            ],
            by=officer,
        )
        services.generate_agenda(past, by=officer)
        services.publish_agenda(past, by=officer)
        services.save_minutes(
            past,
            by=officer,
            summary="Neighbors reviewed the month and discussed the dark alleys east of Clark.",
            decisions="Keep drug sales near the Morse Red Line stop and speeding on Sheridan "
            "as priorities; add dark alleys.",
        )
        services.add_question(
            past,
            question="When will the alley lights be replaced?",
            answer="CDOT has a work order; expected within three weeks.",
            by=officer,
        )
        org = Organization.objects.filter(name__icontains="Transportation").first()
        services.add_action_item(
            past,
            description="Follow up on the alley light work order",
            owner_organization=org,
            owner_user=None if org else officer,
            due_on=timezone.localdate() + dt.timedelta(days=21),
            by=officer,
        )
        services.approve_minutes(past, by=officer)
        out(
            f"  {past.title} ({timezone.localtime(past.starts_at):%b %d}): attendance, agenda, "
            "minutes"
        )
    if upcoming and not upcoming.rsvps.exists():
        resident = _user("resident@demo.beatbridge.org")
        if resident:
            services.rsvp(
                upcoming, user=resident, demographics={"tenure": "owner", "language": "es"}
            )
        for i, (name, tenure, age) in enumerate(
            [
                ("Ana Flores", "renter", "25_34"),
                ("Joe Park", "owner", "65_plus"),
                ("Lena Idowu", "owner", "50_64"),
            ]
        ):
            pending = services.rsvp(
                upcoming,
                name=name,
                email=f"neighbor{i}@demo.beatbridge.org",
                demographics={"tenure": tenure, "age_band": age},
            )
            # The demo neighbors followed the link in their confirmation email.
            services.confirm_rsvp(services.confirmation_token(pending))
        services.propose_agenda_item(
            upcoming,
            title="Bike thefts at the Morse station racks",
            details="Three bikes stolen this month.",
            by=resident,
        )
        out(f"  {upcoming.title}: 4 RSVPs, 1 proposed agenda item")


def _demographics(out) -> None:
    area = _area(AreaKind.NEIGHBORHOOD, "1")
    if area is None or AreaDemographics.objects.filter(area=area).exists():
        return
    AreaDemographics.objects.create(
        area=area,
        source="Illustrative shares for the demo (not census figures).",
        age_band={
            "under_18": 0.17,
            "18_24": 0.16,
            "25_34": 0.22,
            "35_49": 0.17,
            "50_64": 0.15,
            "65_plus": 0.13,
        },
        tenure={"renter": 0.7, "owner": 0.28, "other": 0.02},
        language={"en": 0.6, "es": 0.22, "other": 0.08, "ar": 0.04, "zh": 0.03, "pl": 0.03},
    )
    out("  Rogers Park population shares: added (illustrative)")


def load_demo(out: Callable[[str], object] = print) -> None:
    # Demo RSVPs would email made-up addresses: keep those messages out of the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(out)


def _load(out: Callable[[str], object]) -> None:
    out("Meetings and events:")
    _series(out)
    _single(
        out,
        "Walk-through: Howard Street corridor",
        MeetingKind.WALK_THROUGH,
        "2431",
        -6,
        hour=17,
        address="Meet at the Howard Red Line station entrance",
        lon=-87.6727,
        lat=42.0190,
        description="Walk the corridor with officers and the business alliance; "
        "note broken lights, graffiti and problem spots.",
    )
    _single(
        out,
        "Coffee with a cop at Common Cup",
        MeetingKind.COFFEE_WITH_A_COP,
        "2432",
        3,
        hour=8,
        minutes=120,
        address="Common Cup, 1501 W Morse Ave",
        lon=-87.6685,
        lat=42.0080,
        description="No agenda, no speeches: coffee.",
    )
    workshop = _single(
        out,
        "Safety workshop: scams that target seniors",
        MeetingKind.WORKSHOP,
        "2433",
        -10,
        hour=14,
        capacity=30,
        description="How phone, gift-card and romance scams work.",
    )
    if workshop and not workshop.taught:
        services.record_workshop(
            workshop,
            by=_user(BEATS["2433"][0]),
            head_count=24,
            taught="Phone and gift-card scams, how to verify a caller, where to report fraud.",
            resources=[
                {
                    "title": "FTC: How to avoid a scam",
                    "url": "https://consumer.ftc.gov/articles/how-avoid-scam",
                }
            ],
        )
    walk = Meeting.objects.filter(title="Walk-through: Howard Street corridor").first()
    if walk and not walk.route:
        services.record_route(
            walk,
            route="-87.6760, 42.0190; -87.6725, 42.0192; -87.6690, 42.0193; -87.6655, 42.0191",
            by=_user(BEATS["2431"][0]),
        )
        _walk_issues(walk)
    _demographics(out)
    _past_cycle(out)


def _walk_issues(walk: Meeting) -> None:
    """Two things found on the walk, each turned into a concern."""
    from beatbridge.concerns.models import Category

    officer = _user(BEATS["2431"][0])
    found = [
        ("lighting", "Three street lights out under the Howard viaduct.", -87.6735, 42.0191),
        (
            "vandalism-graffiti",
            "Fresh tags on the vacant storefront at Howard & Paulina.",
            -87.6700,
            42.0192,
        ),
    ]
    for code, text, lon, lat in found:
        category = Category.objects.filter(code=code).first()
        if category is None or officer is None:
            continue
        services.record_walkthrough_issue(
            walk,
            category=category,
            description=text,
            lon=lon,
            lat=lat,
            address="Howard St",
            by=officer,
        )
