"""Who came vs who lives here: small groups are never shown or compared, and the counts add up."""

import pytest

from beatbridge.meetings import services
from beatbridge.meetings.models import AreaDemographics

from .conftest import confirmed_rsvp


@pytest.fixture
def compared_meeting(make_meeting, city):
    AreaDemographics.objects.create(
        area=city["riverside"],
        tenure={"renter": 0.6, "owner": 0.4},
        age_band={"18_24": 0.15, "65_plus": 0.2},
        language={"en": 0.6, "es": 0.3, "zh": 0.1},
    )
    return make_meeting(areas=[city["b111"], city["riverside"]])


def add_people(meeting, n, start=0, **demographics):
    for i in range(start, start + n):
        confirmed_rsvp(
            meeting, name=f"Person {i}", email=f"p{i}@example.org", demographics=demographics
        )


def dimension(result, key):
    return next(d for d in result["dimensions"] if d["key"] == key)


def test_few_answers_are_too_few_to_compare(compared_meeting, officer, client_for):
    add_people(compared_meeting, 3, tenure="owner", language="en")
    result = services.demographics_comparison(compared_meeting)
    assert result["min_group"] == 10  # the surveys app's SURVEYS_MIN_CELL
    tenure = dimension(result, "tenure")
    assert tenure["too_few"] and tenure["answered"] == 3
    assert not any(r["is_missing"] for r in tenure["rows"])
    assert all(r["count"] is None and r["share"] is None for r in tenure["rows"])
    page = client_for(officer).get(f"/meetings/{compared_meeting.pk}/").content.decode()
    assert "Too few answers to compare" in page
    assert "under-represented" not in page


def test_small_groups_fold_into_other_and_counts_add_up(compared_meeting, officer, client_for):
    add_people(compared_meeting, 12, tenure="owner", language="en")
    add_people(compared_meeting, 2, start=12, tenure="renter", language="es")
    add_people(compared_meeting, 1, start=14, tenure="renter", language="zh")
    result = services.demographics_comparison(compared_meeting)
    tenure = dimension(result, "tenure")
    rows = {r["code"]: r for r in tenure["rows"]}
    # 3 renters: hidden, not labelled under-represented; 12 owners shown alone is fine,
    # but then "other" would be exactly the renters, so owners are hidden as well.
    assert rows["renter"]["is_suppressed"] and not rows["renter"]["is_missing"]
    assert rows["renter"]["count"] is None and rows["renter"]["population_share"] == 0.6
    shown = sum(r["count"] for r in tenure["rows"] if r["count"] is not None)
    assert shown + tenure["other_count"] == tenure["answered"] == 15

    language = dimension(result, "language")
    rows = {r["code"]: r for r in language["rows"]}
    assert rows["en"]["count"] == 12 and not rows["en"]["is_suppressed"]
    assert rows["es"]["is_suppressed"] and rows["zh"]["is_suppressed"]
    assert language["other_count"] == 3
    shown = sum(r["count"] for r in language["rows"] if r["count"] is not None)
    assert shown + language["other_count"] == language["answered"] == 15

    page = client_for(officer).get(f"/meetings/{compared_meeting.pk}/").content.decode()
    assert "Other / not shown" in page and "not shown (too few)" in page


def test_one_small_group_is_not_revealed_by_the_other_row(compared_meeting):
    add_people(compared_meeting, 12, tenure="owner")
    add_people(compared_meeting, 11, start=12, tenure="renter")
    result = services.demographics_comparison(compared_meeting)
    tenure = dimension(result, "tenure")
    assert tenure["other_count"] == 0 and not tenure["too_few"]
    assert {r["code"]: r["count"] for r in tenure["rows"]} == {
        "renter": 11,
        "owner": 12,
        "other": 0,
    }

    add_people(compared_meeting, 2, start=23, tenure="other")
    tenure = dimension(services.demographics_comparison(compared_meeting), "tenure")
    counts = {r["code"]: r["count"] for r in tenure["rows"]}
    # "other" (2) alone would be the folded row: the next smallest (renter, 11) joins it.
    assert counts == {"renter": None, "owner": 12, "other": None}
    assert tenure["other_count"] == 13


def test_enough_answers_still_name_the_missing_group(compared_meeting, settings):
    settings.SURVEYS_MIN_CELL = 5
    add_people(compared_meeting, 6, tenure="owner")
    tenure = dimension(services.demographics_comparison(compared_meeting), "tenure")
    rows = {r["code"]: r for r in tenure["rows"]}
    assert rows["renter"]["count"] == 0 and rows["renter"]["is_missing"]
    assert rows["owner"]["count"] == 6 and not rows["owner"]["is_missing"]
    assert tenure["other_count"] == 0
