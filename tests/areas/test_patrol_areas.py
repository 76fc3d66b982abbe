"""A city without beats assigns officers to its districts, or to its neighbourhoods when it
has neither (beatbridge.areas.patrol): triage, tips, area pages, meetings and priorities
follow those assignments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from beatbridge.areas.models import Area, AreaKind, OfficerAssignment
from beatbridge.areas.patrol import patrol_areas_serving, patrol_kind
from beatbridge.areas.services import assign_officer
from beatbridge.concerns import permissions as concern_perms
from beatbridge.concerns import services as concern_services
from beatbridge.concerns.notifications import tip_notice_recipients
from beatbridge.concerns.seed import seed_categories
from beatbridge.concerns.tips import permissions as tip_perms
from beatbridge.concerns.tips.services import submit_tip
from beatbridge.meetings import permissions as meeting_perms
from beatbridge.meetings import services as meeting_services
from beatbridge.priorities.permissions import serves_area

from ..factories import UserFactory

IN_RIVERSIDE = (-87.695, 41.805)  # beat 0111, district 1 (tests/conftest.py)
IN_HILLTOP = (-87.675, 41.805)  # beat 0211, district 2


@pytest.fixture
def neighbourhoods_only(city):
    Area.objects.filter(kind__in=[AreaKind.BEAT, AreaKind.DISTRICT]).delete()
    seed_categories()
    return city


@pytest.fixture
def districts_only(city):
    Area.objects.filter(kind=AreaKind.BEAT).delete()
    seed_categories()
    return city


def _concern(where):
    from beatbridge.concerns.models import Category

    return concern_services.submit_concern(
        category=Category.objects.get(code="noise"),
        description="Loud music every night after midnight.",
        lon=where[0],
        lat=where[1],
    )


def test_the_patrol_kind_follows_the_areas(city):
    assert patrol_kind() == AreaKind.BEAT
    Area.objects.filter(kind=AreaKind.BEAT).delete()
    assert patrol_kind() == AreaKind.DISTRICT
    Area.objects.filter(kind=AreaKind.DISTRICT).delete()
    assert patrol_kind() == AreaKind.NEIGHBORHOOD


def test_a_city_with_beats_still_assigns_to_beats_only(city):
    officer = UserFactory(role="officer")
    with pytest.raises(ValidationError) as exc:
        assign_officer(officer, city["riverside"])
    assert exc.value.message_dict["beat"] == ["Officers are assigned to beats."]
    with pytest.raises(ValidationError):
        OfficerAssignment(officer=officer, beat=city["d1"]).full_clean()


def test_neighbourhood_officers_triage_their_neighbourhood(neighbourhoods_only, client):
    riverside = Area.objects.get(kind=AreaKind.NEIGHBORHOOD, name="Riverside")
    hilltop = Area.objects.get(kind=AreaKind.NEIGHBORHOOD, name="Hilltop")
    officer = UserFactory(role="officer", display_name="Officer Nell Neighbourhood")
    assignment = assign_officer(officer, riverside)
    assignment.full_clean()  # the admin's check agrees
    mine, theirs = _concern(IN_RIVERSIDE), _concern(IN_HILLTOP)
    assert mine.neighborhood_id == riverside.pk and mine.beat_id is None
    queue = concern_perms.triage_queryset(officer)
    assert list(queue) == [mine]
    assert concern_perms.can_triage(officer, mine)
    assert not concern_perms.can_triage(officer, theirs)
    assert concern_perms.serves_concern(officer, mine)
    assert not concern_perms.serves_concern(officer, theirs)
    # the neighbourhood's page lists its officer; the other says none is assigned
    html = client.get(f"/areas/neighborhood/{riverside.code}/").content.decode()
    assert "Your officers" in html and "Officer Nell Neighbourhood" in html
    other = client.get(f"/areas/neighborhood/{hilltop.code}/").content.decode()
    assert "Officer Nell Neighbourhood" not in other
    assert "No officer is assigned to this area right now." in other
    # priorities and meetings of the neighbourhood are the officer's to serve
    assert serves_area(officer, riverside) and not serves_area(officer, hilltop)
    start = timezone.now() + dt.timedelta(days=3)
    meeting = meeting_services.schedule_meeting(
        areas=[riverside],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=UserFactory(role="supervisor"),
        kind="beat_meeting",
        title="Riverside community meeting",
        address="1 Main St",
    )
    assert meeting_perms.can_manage_meeting(officer, meeting)
    assert not meeting_perms.can_manage_meeting(UserFactory(role="officer"), meeting)
    # assigning to a district or beat is refused where the city has none: only neighbourhoods
    assert patrol_areas_serving(riverside) == [riverside]


def test_district_officers_get_their_districts_tips_and_concerns(districts_only):
    d1 = Area.objects.get(kind=AreaKind.DISTRICT, code="1")
    officer = UserFactory(role="officer", email="d1@example.org")
    assign_officer(officer, d1)
    with pytest.raises(ValidationError) as exc:
        assign_officer(officer, Area.objects.get(kind=AreaKind.NEIGHBORHOOD, name="Riverside"))
    assert "districts" in exc.value.message_dict["beat"][0]
    mine, theirs = _concern(IN_RIVERSIDE), _concern(IN_HILLTOP)
    assert mine.district_id == d1.pk
    assert list(concern_perms.triage_queryset(officer)) == [mine]
    assert not concern_perms.can_triage(officer, theirs)
    tip = submit_tip(body="The blue van at the corner deals at night.", lon=IN_RIVERSIDE[0],
                     lat=IN_RIVERSIDE[1]).tip  # fmt: skip
    assert tip.district_id == d1.pk
    assert tip_perms.can_view_tip(officer, tip)
    assert tip_notice_recipients(tip) == ["d1@example.org"]
    riverside = Area.objects.get(kind=AreaKind.NEIGHBORHOOD, name="Riverside")
    assert patrol_areas_serving(riverside) == [d1]
