"""The whole SARA cycle through the verbs: scan, analyze, respond, assess, conclude."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from beatbridge.concerns.tips import services as tip_services
from beatbridge.projects import queries, services
from beatbridge.projects.models import ActionStatus, Stage

IN_B111 = (-87.695, 41.805)  # Riverside, district 1
IN_B112 = (-87.685, 41.805)  # Hilltop, district 1 (the rest of the district)
TZ = timezone.get_default_timezone()


def at(y, m, d, h):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_sara_cycle(project, officer, partner, org, make_incident, offense, make_concern):
    # Scanning: the priority's concerns came along; link incidents, a tip and a concern.
    for day, hour in [(5, 22), (12, 22), (19, 23), (26, 22)]:  # 4 before, all Mondays
        make_incident("220", *IN_B111, at(2026, 1, day, hour))
    make_incident("220", *IN_B111, at(2026, 3, 9, 22))  # 1 after (Monday)
    make_incident("13A", *IN_B111, at(2026, 3, 10, 12))  # another category: not counted
    for when in [at(2026, 1, 7, 10), at(2026, 1, 8, 10), at(2026, 3, 4, 10), at(2026, 3, 5, 10)]:
        make_incident("220", *IN_B112, when)  # comparison: 2 before, 2 after
    services.link_evidence(
        project,
        kind="incidents",
        category=offense("220"),
        date_from=dt.date(2025, 12, 1),
        by=officer,
    )
    tip = tip_services.submit_tip(
        body="They check car doors at 10 pm.", lon=IN_B111[0], lat=IN_B111[1]
    ).tip
    services.link_evidence(project, kind="tip", tip=tip, by=officer)
    concern = make_concern(description="My car window was smashed.")
    services.link_evidence(project, kind="concern", concern=concern, by=officer)

    # Analysis: triangle, hypothesis, automatic time patterns.
    services.update_project(
        project,
        stage=Stage.ANALYSIS,
        offender="Youths walking home",
        place="Unlit lot",
        manager="Lot owner",
        by=officer,
    )
    services.add_hypothesis(project, text="The unlit lot invites break-ins", by=officer)
    pattern = queries.patterns(project)
    assert pattern["total"] == 6  # 5 linked incidents (category 220, Riverside) + 1 concern
    assert pattern["by_hour"][22] == 4 and pattern["peak_hour"] == 22
    assert pattern["by_weekday"][0] == 5  # all five incidents fell on a Monday
    months = {m: (i, c) for m, i, c in queries.evidence_by_month(project)}
    assert months["2026-01"][0] == 4 and months["2026-03"][0] == 1

    # Response: the partner organization owns an item and marks it done.
    services.add_team_member(project, organization=org, role="partner", by=officer)
    services.update_project(project, stage=Stage.RESPONSE, by=officer)
    project.refresh_from_db()
    assert project.response_started_on == timezone.localdate()
    item = services.add_action_item(
        project,
        title="Evening program in the lot",
        owner_organization=org,
        by=officer,
        due_date=dt.date(2026, 2, 20),
    )
    services.update_action_item(item, status=ActionStatus.DONE, note="Runs Mon–Thu", by=partner)

    # Assessment: January vs March (31 days each) beside the rest of district 1.
    assessment = services.run_assessment(
        project,
        before_start=dt.date(2026, 1, 1),
        before_end=dt.date(2026, 1, 31),
        after_start=dt.date(2026, 3, 1),
        after_end=dt.date(2026, 3, 31),
        by=officer,
    )
    inc = assessment.figures["incidents"]
    assert (inc["treated"]["before"], inc["treated"]["after"]) == (4, 1)
    assert (inc["comparison"]["before"], inc["comparison"]["after"]) == (2, 2)
    # (1 - 4) - (2 - 2) = -3; var = 4 + 1 + 2 + 2 = 9; 95 %: -3 ± 1.96 * 3 = (-8.88, 2.88).
    assert inc["estimate"] == pytest.approx(-3)
    assert inc["ci_low"] == pytest.approx(-8.880, abs=1e-3)
    assert inc["ci_high"] == pytest.approx(2.880, abs=1e-3)
    assert inc["verdict"] == "unclear"
    assert assessment.figures["comparison"] == "the rest of District 1"

    services.record_conclusion(assessment, conclusion="improved", next_step="close", by=officer)
    project.refresh_from_db()
    assert project.stage == Stage.CLOSED

    verbs = list(queries.activity(project).values_list("verb", flat=True))
    for verb in [
        "created",
        "evidence_linked",
        "stage_changed",
        "hypothesis_added",
        "team_added",
        "action_added",
        "action_updated",
        "assessed",
        "concluded",
    ]:
        assert f"projects.{verb}" in verbs
    done = queries.activity(project).filter(verb="projects.action_updated").first()
    assert done.actor == partner and done.data["status"] == "done"


def test_created_from_priority_links_its_concerns(city, officer, make_concern, resident):
    from beatbridge.priorities import services as priority_services

    concern = make_concern()
    priority = priority_services.propose_priority(
        city["riverside"], title="Noise", concerns=[concern], by=resident
    )
    project = services.create_project(
        [], priority=priority, title="", statement="Loud.", by=officer
    )
    assert project.title == "Noise"
    assert list(project.areas.all()) == [city["b111"]]  # the beat keeping Riverside's priority
    assert project.evidence.get().concern == concern
    assert project.team.get().user == officer


def test_bad_input(project, officer, city):
    with pytest.raises(ValidationError) as e:
        services.create_project([city["riverside"]], title="x", statement=" ", by=officer)
    assert "statement" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.update_project(project, stage="done", by=officer)
    with pytest.raises(ValidationError):
        services.run_assessment(
            project,
            before_start=dt.date(2026, 2, 1),
            before_end=dt.date(2026, 1, 1),
            after_start=dt.date(2026, 3, 1),
            after_end=dt.date(2026, 3, 31),
            by=officer,
        )
    with pytest.raises(ValidationError):
        services.run_assessment(
            project,
            before_start=dt.date(2026, 1, 1),
            before_end=dt.date(2026, 3, 10),
            after_start=dt.date(2026, 3, 1),
            after_end=dt.date(2026, 3, 31),
            by=officer,
        )
    with pytest.raises(ValidationError):
        services.link_evidence(project, kind="tip", tip=None, by=officer)
    with pytest.raises(ValidationError):
        services.add_team_member(project, role="partner", by=officer)


def test_officer_cannot_link_tip_of_another_district(project, officer, other_district_officer):
    tip = tip_services.submit_tip(body="Across town.", lon=-87.675, lat=41.805).tip
    with pytest.raises(ValidationError):
        services.link_evidence(project, kind="tip", tip=tip, by=officer)
