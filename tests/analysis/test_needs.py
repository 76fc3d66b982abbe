"""Needs assessment: findings, changes since last time, a proposal on the next beat meeting."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from beatbridge.analysis import services
from beatbridge.analysis.models import NeedsAssessment, PopulationTable
from beatbridge.meetings.models import Meeting, MeetingKind, Proposal

RIVERSIDE = (-87.695, 41.805)


@pytest.fixture
def beat_meeting(city):
    start = timezone.now() + dt.timedelta(days=10)
    meeting = Meeting.objects.create(
        kind=MeetingKind.BEAT_MEETING,
        title="Beat 0111 meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    meeting.areas.add(city["b111"])
    return meeting


@pytest.fixture
def concerns(city):
    from beatbridge.concerns.models import Category, Concern

    noise, _ = Category.objects.get_or_create(
        code="noise", defaults={"name_en": "Noise", "name_es": "Ruido"}
    )
    for i in range(3):
        Concern.objects.create(
            category=noise,
            description="loud",
            lon=RIVERSIDE[0],
            lat=RIVERSIDE[1],
            neighborhood=city["riverside"],
            created_at=timezone.now() - dt.timedelta(days=5 + i),
        )


def test_assessment_lands_on_the_next_beat_meeting_agenda(city, concerns, beat_meeting, analyst):
    assessment = services.run_needs_assessment(city["riverside"], by=analyst)
    assert assessment.findings["concerns"] == [{"code": "noise", "category": "Noise", "count": 3}]
    assert assessment.findings["survey_issues"] == []
    assert "revisit" in assessment.suggestion.lower() and "Noise" in assessment.suggestion
    proposal = Proposal.objects.get(meeting=beat_meeting)
    assert assessment.proposal == proposal and assessment.meeting == beat_meeting
    assert proposal.title.startswith("Revisit priorities") and proposal.proposed_by == analyst


def test_quarterly_run_without_a_person_and_changes_since_last_time(
    city, concerns, beat_meeting, make_incident
):
    first = services.run_needs_assessment(city["riverside"])
    assert first.proposal.proposed_by is None
    # nothing changed: no new suggestion
    second = services.run_needs_assessment(city["riverside"])
    assert second.changes == [] and second.suggestion == "" and second.proposal is None
    # population grew by 20 %
    PopulationTable.objects.create(area=city["riverside"], year=2024, total=10000)
    PopulationTable.objects.create(area=city["riverside"], year=2025, total=12000)
    third = services.run_needs_assessment(city["riverside"])
    assert any("Population changed by 20%" in c for c in third.changes)
    assert third.proposal is not None
    assert Proposal.objects.filter(meeting=beat_meeting).count() == 2


def test_without_a_meeting_the_suggestion_is_kept(city, concerns):
    assessment = services.run_needs_assessment(city["riverside"])
    assert assessment.suggestion and assessment.meeting is None and assessment.proposal is None


def test_command_assesses_all_neighborhoods(city, capsys):
    call_command("assess_needs")
    assert NeedsAssessment.objects.count() == 2
    assert "assessed: 2" in capsys.readouterr().out


def test_only_neighborhoods(city):
    with pytest.raises(ValidationError) as refused:
        services.run_needs_assessment(city["b111"])
    assert "neighborhood" in str(refused.value.message_dict["area"])


@pytest.mark.parametrize(
    "persona,view,run",
    [
        ("anon", 403, 403),
        ("resident", 403, 403),
        ("officer", 200, 403),
        ("analyst", 200, 302),
        ("supervisor", 200, 302),
    ],
)
def test_pages_and_button(city, concerns, personas, client_for, persona, view, run):
    client = client_for(None if persona == "anon" else personas[persona])
    assert client.get("/insights/needs/").status_code == view
    assert client.get("/insights/needs/1/").status_code == view
    assert client.post("/insights/needs/1/run/").status_code == run
    if run == 302:
        html = client.get("/insights/needs/1/").content.decode()
        assert "Residents' top concerns" in html and "Noise (3)" in html


def _csv(text):
    return SimpleUploadedFile("pop.csv", text.encode(), content_type="text/csv")


def test_population_upload(city, client_for, admin_user, analyst):
    client = client_for(admin_user)
    ok = client.post(
        "/insights/needs/population/",
        {"file": _csv("area_code,year,total,age_65_plus\n1,2024,12000,1500\n2,2024,8000,\n")},
    )
    assert ok.status_code == 302
    table = PopulationTable.objects.get(area=city["riverside"], year=2024)
    assert table.total == 12000 and table.groups == {"age_65_plus": 1500}
    bad = client.post("/insights/needs/population/", {"file": _csv("code,year\n1,2024\n")})
    assert bad.status_code == 400 and "area_code" in bad.content.decode()
    unknown = client.post(
        "/insights/needs/population/", {"file": _csv("area_code,year,total\n9,2024,5\n")}
    )
    assert unknown.status_code == 400 and "no neighborhood" in unknown.content.decode()
    assert client_for(analyst).get("/insights/needs/population/").status_code == 403


def _incidents_in(make_incident, n, days_ago):
    for i in range(n):
        make_incident(
            "220",
            RIVERSIDE[0] + i * 1e-5,
            RIVERSIDE[1],
            timezone.now() - dt.timedelta(days=days_ago),
        )


def test_each_suggestion_states_its_figure_and_a_fall_asks_for_a_report_back(
    city, make_incident, beat_meeting
):
    """Incidents fell 34 → 24: the suggestion says so and asks for a report-back, not for new
    priorities; nothing to act on means no suggestion at all (issue 17)."""
    quiet = services.run_needs_assessment(city["riverside"])
    assert quiet.suggestion == "" and quiet.proposal is None
    _incidents_in(make_incident, 34, 364 + 20)
    _incidents_in(make_incident, 24, 20)
    fell = services.run_needs_assessment(city["riverside"])
    assert "incidents fell from 34 to 24 (-29%)" in fell.suggestion
    assert "revisit" not in fell.suggestion.lower()
    assert fell.proposal.title.startswith("Needs assessment for Riverside: report back")


def test_a_rise_in_incidents_asks_to_revisit_with_the_figure(city, make_incident):
    _incidents_in(make_incident, 10, 364 + 20)
    _incidents_in(make_incident, 15, 20)
    rose = services.run_needs_assessment(city["riverside"])
    assert "incidents rose from 10 to 15 (+50%)" in rose.suggestion
    assert "revisit the priorities" in rose.suggestion
