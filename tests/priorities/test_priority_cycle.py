"""Priorities proposed, supported, confirmed at a meeting, and carried across meetings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beatbridge.concerns.services import submit_concern
from beatbridge.priorities import queries, services
from beatbridge.priorities.models import PriorityDecision, PriorityListSettings, PriorityStatus

from ..factories import UserFactory


@pytest.fixture
def category(db):
    from beatbridge.concerns.models import Category

    return Category.objects.create(code="drugs", name_en="Drug sales", name_es="Venta de drogas")


def test_resident_proposes_from_concerns_and_neighbors_support(city, resident, category):
    concern = submit_concern(
        category=category,
        description="Dealing by the park",
        lon=-87.695,
        lat=41.805,
        by=UserFactory(),
    )
    priority = services.propose_priority(
        city["b111"], title="Park dealing", concerns=[concern], by=resident
    )
    assert priority.source == "concerns" and priority.status == PriorityStatus.PROPOSED
    assert list(priority.concerns.all()) == [concern]
    neighbors = [UserFactory() for _ in range(3)]
    assert all(services.support_priority(priority, by=n) for n in neighbors)
    assert services.support_priority(priority, by=neighbors[0]) is False
    priority.refresh_from_db()
    assert priority.support_count == 3


def test_bad_proposals(city, resident, category, anon):
    with pytest.raises(ValidationError) as exc:
        services.propose_priority(city["b111"], title=" ", by=resident)
    assert "title" in exc.value.message_dict
    elsewhere = submit_concern(
        category=category, description="far away", lon=-87.675, lat=41.805, by=resident
    )
    with pytest.raises(ValidationError) as exc:
        services.propose_priority(city["b111"], title="x", concerns=[elsewhere], by=resident)
    assert "concerns" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.propose_priority(city["b111"], title="x", by=anon)
    with pytest.raises(PermissionDenied):
        services.propose_priority(city["d1"], title="x", by=resident)


def test_meeting_confirms_list_recorded_with_who_and_when(city, officer, resident, beat_meeting):
    meeting = beat_meeting(-1)
    a = services.propose_priority(city["b111"], title="Speeding", by=resident)
    b = services.propose_priority(city["b111"], title="Graffiti", by=officer)
    c = services.propose_priority(city["b111"], title="Noise", by=resident)
    decision = services.confirm_priorities(
        city["b111"], chosen=[b, a], meeting=meeting, by=officer, note="Show of hands"
    )
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.status, b.status, c.status) == ("active", "active", "proposed")
    assert (b.rank, a.rank) == (1, 2) and a.confirmed_at is not None
    assert decision.decided_by == officer and decision.meeting == meeting
    assert [x["title"] for x in decision.chosen] == ["Graffiti", "Speeding"]
    # A later meeting confirms a new list: Speeding is dropped, Noise added.
    later = beat_meeting(-0.5)
    decision2 = services.confirm_priorities(city["b111"], chosen=[b, c], meeting=later, by=officer)
    a.refresh_from_db()
    assert a.status == PriorityStatus.DROPPED
    assert decision2.dropped == [{"id": a.pk, "title": "Speeding"}]
    assert PriorityDecision.objects.count() == 2


def test_list_length_is_limited(city, officer):
    PriorityListSettings.objects.create(area=city["b111"], max_priorities=2)
    ps = [services.propose_priority(city["b111"], title=f"P{i}", by=officer) for i in range(3)]
    with pytest.raises(ValidationError) as exc:
        services.confirm_priorities(city["b111"], chosen=ps, by=officer)
    assert "at most 2" in str(exc.value)
    assert queries.max_priorities(city["b112"]) == 5


def test_only_serving_officers_confirm(city, officer, other_district_officer, resident, supervisor):
    p = services.propose_priority(city["b111"], title="P", by=resident)
    for user in (resident, other_district_officer):
        with pytest.raises(PermissionDenied):
            services.confirm_priorities(city["b111"], chosen=[p], by=user)
    services.confirm_priorities(city["b111"], chosen=[p], by=supervisor)


def test_priority_carried_across_two_meetings_with_history(city, officer, beat_meeting):
    first, second = beat_meeting(-40), beat_meeting(-10)
    p = services.propose_priority(city["b111"], title="Car break-ins", by=officer)
    services.confirm_priorities(city["b111"], chosen=[p], meeting=None, by=officer)
    # Backdate confirmation before the first meeting.
    type(p).objects.filter(pk=p.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=50))
    services.report_back(
        p,
        meeting=first,
        what_was_done="Flyers on windshields",
        done_by="Officer Olivia and the block club",
        outcome="same",
        by=officer,
    )
    services.report_back(
        p,
        meeting=second,
        what_was_done="Arrest of a repeat offender",
        done_by="Tactical team",
        outcome="better",
        new_status="improving",
        by=officer,
    )
    p.refresh_from_db()
    assert p.status == PriorityStatus.IMPROVING
    history = list(p.report_backs.order_by("created_at"))
    assert [(r.meeting, r.outcome) for r in history] == [(first, "same"), (second, "better")]
    assert p.latest_report_back().what_was_done == "Arrest of a repeat offender"
    # Reporting again at the same meeting updates that meeting's entry.
    services.report_back(
        p,
        meeting=second,
        what_was_done="Arrest and new lighting",
        done_by="Tactical team",
        outcome="better",
        by=officer,
    )
    assert p.report_backs.count() == 2
    assert queries.missed_report_backs(p) == 0


def test_two_meetings_without_report_back_flags_priority(
    city, officer, supervisor, beat_meeting, client_for
):
    p = services.propose_priority(city["b111"], title="Loitering", by=officer)
    services.confirm_priorities(city["b111"], chosen=[p], by=officer)
    type(p).objects.filter(pk=p.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=90))
    m1, m2, m3 = beat_meeting(-60), beat_meeting(-30), beat_meeting(-2)
    services.report_back(
        p, meeting=m1, what_was_done="Talked to store owners", done_by="Officer Olivia", by=officer
    )
    p.refresh_from_db()
    assert queries.missed_report_backs(p) == 2
    assert [x for x, _n in queries.flagged_priorities()] == [p]
    page = client_for(supervisor).get("/priorities/dashboard/")
    assert page.status_code == 200 and "Loitering" in page.content.decode()
    assert b'class="flagged"' in page.content
    # A report-back at the latest meeting clears the flag.
    services.report_back(p, meeting=m3, what_was_done="Added lighting", done_by="CDOT", by=officer)
    assert queries.flagged_priorities() == []
    # One missed meeting alone is not flagged.
    assert queries.missed_report_backs(p) == 0
    assert m2.pk


def test_cancelled_meetings_do_not_count_as_missed(city, officer, beat_meeting):
    from beatbridge.meetings import services as meeting_services

    p = services.propose_priority(city["b111"], title="Loitering", by=officer)
    services.confirm_priorities(city["b111"], chosen=[p], by=officer)
    type(p).objects.filter(pk=p.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=90))
    p.refresh_from_db()
    _m1, m2 = beat_meeting(-60), beat_meeting(-30)
    meeting_services.cancel_meeting(m2, by=officer)
    assert queries.missed_report_backs(p) == 1


def test_report_back_rules(city, officer, resident, other_district_officer, beat_meeting):
    p = services.propose_priority(city["b111"], title="X", by=officer)
    with pytest.raises(ValidationError):  # not confirmed yet
        services.report_back(p, what_was_done="a", done_by="b", by=officer)
    services.confirm_priorities(city["b111"], chosen=[p], by=officer)
    p.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.report_back(p, what_was_done="", done_by="b", outcome="meh", by=officer)
    assert "what_was_done" in exc.value.message_dict
    for user in (resident, other_district_officer):
        with pytest.raises(PermissionDenied):
            services.report_back(p, what_was_done="a", done_by="b", by=user)
    services.assign_priority(p, officer_owner=officer, resident_contact=resident, by=officer)
    services.report_back(p, what_was_done="Block club met", done_by="Rosa", by=resident)
    other = beat_meeting(-1)
    other.areas.set([city["b211"]])
    with pytest.raises(ValidationError):
        services.report_back(p, meeting=other, what_was_done="a", done_by="b", by=officer)
