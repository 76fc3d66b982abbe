"""Demo priorities for beats 2431–2433: confirmed at the beat meetings, with report-backs at
each past meeting ("you said, we did"), and one that missed two report-backs so the
supervisor dashboard has something to flag. Idempotent: created once, by title and area.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from beatbridge.accounts.models import User
from beatbridge.areas.models import Area, AreaKind
from beatbridge.meetings.models import Meeting, MeetingKind

from . import services
from .models import Priority

PRIORITIES = {
    "2431": [
        (
            "Drug sales near the Morse Red Line stop",
            "Neighbors see hand-to-hand sales by the station entrance most evenings.",
            [
                (
                    "Foot patrols at the station 6–10 pm; CTA moved a camera.",
                    "Officer Lopez, CTA",
                    "same",
                ),
                (
                    "Two arrests; the store owner trimmed the hedge that hid the corner.",
                    "Tactical team, Morse Ave merchants",
                    "better",
                ),
            ],
        ),
        (
            "Speeding on Sheridan Road",
            "Drivers race between the lights; two crashes at Pratt this summer.",
            [
                ("Speed trailer placed; 38 citations in two weeks.", "Traffic unit", "better"),
                ("CDOT agreed to study a road diet at Pratt.", "CDOT, Alderman's office", "better"),
            ],
        ),
        (
            "Dark alleys east of Clark Street",
            "Lights out in the alleys; people feel unsafe walking home.",
            [("Reported 14 lights to 311; 9 replaced.", "Block club, Officer Lopez", "better")],
        ),
    ],
    "2432": [
        (
            "Car break-ins near Loyola Park",
            "Windows smashed on parked cars along the lakefront.",
            [("Flyers on windshields; extra evening patrols.", "Officer Chen", "same")],
        ),
    ],
    "2433": [
        (
            "Loitering and fights outside the liquor store on Clark",
            "Groups gather late at night; fights spill onto the sidewalk.",
            [],
        ),
    ],
}

# Spanish titles for Spanish readers (a priority without one shows its English title).
TITLES_ES = {
    "Drug sales near the Morse Red Line stop": "Venta de drogas cerca de la estación Morse",
    "Speeding on Sheridan Road": "Exceso de velocidad en Sheridan Road",
    "Dark alleys east of Clark Street": "Callejones oscuros al este de Clark Street",
    "Car break-ins near Loyola Park": "Robos en autos cerca de Loyola Park",
    "Bike thefts at the Morse station racks": "Robos de bicicletas en la estación Morse",
}


def load_demo(out: Callable[[str], object] = print) -> None:
    out("Priorities:")
    for code, entries in PRIORITIES.items():
        beat = Area.objects.filter(kind=AreaKind.BEAT, code=code).first()
        if beat is None:
            continue
        meetings = list(
            Meeting.objects.filter(
                areas=beat, kind=MeetingKind.BEAT_MEETING, starts_at__lt=timezone.now()
            ).order_by("starts_at")
        )
        officer = (
            beat.current_officers().first()
            or User.objects.filter(email="supervisor@demo.beatbridge.org").first()
        )
        resident = User.objects.filter(email="resident@demo.beatbridge.org").first()
        if officer is None or len(meetings) < 3:
            out(f"  beat {code}: skipped (needs an officer and three past beat meetings)")
            continue
        if Priority.objects.filter(area=beat).exists():
            continue
        first_meeting, later = meetings[-3], meetings[-2:]
        chosen = []
        for title, description, _reports in entries:
            priority = services.propose_priority(
                beat,
                title=title,
                title_es=TITLES_ES.get(title, ""),
                description=description,
                by=resident or officer,
            )
            chosen.append(priority)
        services.confirm_priorities(
            beat, chosen=chosen, meeting=first_meeting, by=officer, note="Chosen by show of hands."
        )
        # The confirmation happened at that meeting, not now.
        Priority.objects.filter(pk__in=[p.pk for p in chosen]).update(
            confirmed_at=first_meeting.starts_at - timezone.timedelta(hours=1)
        )
        for priority, (_t, _d, reports) in zip(chosen, entries, strict=True):
            priority.refresh_from_db()
            services.assign_priority(
                priority, officer_owner=officer, resident_contact=resident, by=officer
            )
            for meeting, (done, by_whom, outcome) in zip(
                later[-len(reports) :] if reports else [], reports, strict=False
            ):
                entry = services.report_back(
                    priority,
                    meeting=meeting,
                    what_was_done=done,
                    done_by=by_whom,
                    outcome=outcome,
                    new_status="improving" if outcome == "better" else None,
                    by=officer,
                )
                # Reported at that meeting, not today.
                type(entry).objects.filter(pk=entry.pk).update(
                    created_at=meeting.starts_at + timezone.timedelta(hours=1)
                )
        noun = "priority" if len(chosen) == 1 else "priorities"
        out(f"  beat {code}: {len(chosen)} {noun} with report-backs")
    _refresh_agendas(out)
    proposal_area = Area.objects.filter(kind=AreaKind.BEAT, code="2431").first()
    resident = User.objects.filter(email="resident@demo.beatbridge.org").first()
    if (
        proposal_area
        and resident
        and not Priority.objects.filter(area=proposal_area, status="proposed").exists()
    ):
        services.propose_priority(
            proposal_area,
            title="Bike thefts at the Morse station racks",
            title_es=TITLES_ES["Bike thefts at the Morse station racks"],
            description="Three bikes stolen this month.",
            by=resident,
        )
        out("  beat 2431: 1 proposal waiting for the next meeting")


def _refresh_agendas(out: Callable[[str], object]) -> None:
    """Beat 2431's next meeting gets its agenda (with report-back items) published."""
    from beatbridge.meetings import services as meeting_services
    from beatbridge.meetings.models import Agenda

    beat = Area.objects.filter(kind=AreaKind.BEAT, code="2431").first()
    officer = User.objects.filter(email="officer@demo.beatbridge.org").first()
    if beat is None or officer is None:
        return
    upcoming = (
        Meeting.objects.filter(
            areas=beat, kind=MeetingKind.BEAT_MEETING, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    if upcoming is None or Agenda.objects.filter(meeting=upcoming).exists():
        return
    meeting_services.generate_agenda(upcoming, by=officer)
    meeting_services.publish_agenda(upcoming, by=officer)
    out(f"  {upcoming.title}: agenda published")
