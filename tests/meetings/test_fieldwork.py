"""Walk-throughs (route + issues → concerns), workshops, and who came vs who lives there."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.concerns.models import Concern
from beatbridge.meetings import services
from beatbridge.meetings.models import AreaDemographics

from .conftest import confirmed_rsvp


@pytest.fixture
def walk(make_meeting):
    return make_meeting(kind="walk_through", title="Walk along the river")


def test_route_typed_or_geojson(walk, officer):
    services.record_route(walk, route="-87.699, 41.801; -87.695, 41.805", by=officer)
    walk.refresh_from_db()
    assert walk.route == {
        "type": "LineString",
        "coordinates": [[-87.699, 41.801], [-87.695, 41.805]],
    }
    geo = '{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}'
    services.record_route(walk, route=geo, by=officer)
    walk.refresh_from_db()
    assert walk.route["coordinates"] == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize(
    "bad", ["", "1,2", "a,b; c,d", '{"type": "Point"}', "{nope", "200, 1; 3, 4"]
)
def test_bad_routes(walk, officer, bad):
    with pytest.raises(ValidationError) as exc:
        services.record_route(walk, route=bad, by=officer)
    assert "route" in exc.value.message_dict


def test_issue_found_becomes_a_concern_in_one_step(walk, officer, category):
    issue = services.record_walkthrough_issue(
        walk,
        category=category,
        description="Broken streetlight",
        lon=-87.695,
        lat=41.805,
        address="Elm & 3rd",
        by=officer,
    )
    concern = Concern.objects.get(pk=issue.concern_id)
    assert concern.description == "Broken streetlight" and concern.category == category
    assert concern.beat.code == "0111" and concern.neighborhood.name == "Riverside"


def test_walkthrough_rules(walk, meeting, resident, officer, category):
    with pytest.raises(PermissionDenied):
        services.record_walkthrough_issue(
            walk, category=category, description="x", lon=1, lat=1, by=resident
        )
    with pytest.raises(ValidationError):
        services.record_route(meeting, route="1,2;3,4", by=officer)  # not a walk-through
    with pytest.raises(ValidationError):
        services.record_walkthrough_issue(
            walk, category=category, description=" ", lon=-87.695, lat=41.805, by=officer
        )
    assert Concern.objects.count() == 0


def test_walkthrough_page(walk, officer, category, client_for, resident):
    url = f"/meetings/{walk.pk}/walk-through/"
    assert client_for(resident).get(url).status_code == 403
    c = client_for(officer)
    assert c.get(url).status_code == 200
    assert (
        c.post(url, {"action": "route", "route": "-87.699, 41.801; -87.695, 41.805"}).status_code
        == 302
    )
    bad = c.post(url, {"action": "route", "route": "nonsense"})
    assert bad.status_code == 400 and b"errorlist" in bad.content
    ok = c.post(
        url,
        {
            "action": "issue",
            "category": category.pk,
            "description": "Dumped tires",
            "lon": "-87.695",
            "lat": "41.805",
        },
    )
    assert ok.status_code == 302 and Concern.objects.filter(description="Dumped tires").exists()
    assert b"Dumped tires" in client_for(None).get(f"/meetings/{walk.pk}/").content


def test_workshop_record(make_meeting, officer, resident, client_for):
    workshop = make_meeting(kind="workshop", title="Scam prevention for seniors")
    services.record_workshop(
        workshop,
        taught="Phone scams, gift-card fraud",
        head_count=23,
        resources="Spotting scams | https://consumer.ftc.gov/scams\nhttps://example.org/tips",
        by=officer,
    )
    workshop.refresh_from_db()
    assert workshop.head_count == 23
    assert workshop.resources == [
        {"title": "Spotting scams", "url": "https://consumer.ftc.gov/scams"},
        {"title": "https://example.org/tips", "url": "https://example.org/tips"},
    ]
    page = client_for(resident).get(f"/meetings/{workshop.pk}/").content.decode()
    assert "Phone scams" in page and "23 people took part" in page
    with pytest.raises(ValidationError):
        services.record_workshop(
            workshop, taught="x", head_count=1, resources="Bad | javascript:alert(1)", by=officer
        )
    with pytest.raises(ValidationError):
        services.record_workshop(workshop, taught="x", head_count=-1, by=officer)
    with pytest.raises(PermissionDenied):
        services.record_workshop(workshop, taught="x", head_count=1, by=resident)
    bad = client_for(officer).post(
        f"/meetings/{workshop.pk}/workshop/", {"taught": "x", "resources": "ftp://nope"}
    )
    assert bad.status_code == 400


def test_demographics_show_who_is_missing(make_meeting, city, officer, client_for):
    AreaDemographics.objects.create(
        area=city["riverside"],
        tenure={"renter": 0.6, "owner": 0.4},
        age_band={"18_24": 0.15, "65_plus": 0.2},
        language={"en": 0.7, "es": 0.3},
    )
    meeting = make_meeting(areas=[city["b111"], city["riverside"]])
    for i in range(10):  # the smallest group shown (SURVEYS_MIN_CELL)
        confirmed_rsvp(
            meeting,
            name=f"Owner {i}",
            email=f"o{i}@example.org",
            demographics={"tenure": "owner", "age_band": "65_plus", "language": "en"},
        )
    result = services.demographics_comparison(meeting)
    assert result["basis"] == "rsvps" and result["area"] == city["riverside"]
    tenure = next(d for d in result["dimensions"] if d["key"] == "tenure")
    rows = {r["code"]: r for r in tenure["rows"]}
    assert rows["renter"]["is_missing"] and not rows["owner"]["is_missing"]
    assert rows["owner"]["share"] == 1.0 and rows["renter"]["population_share"] == 0.6
    page = client_for(officer).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Who came, and who lives here" in page and "under-represented" in page
    assert "Who came" not in client_for(None).get(f"/meetings/{meeting.pk}/").content.decode()
