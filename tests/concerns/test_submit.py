"""submit_concern: placement, anonymity, validation, email with the tracking link."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns import services
from beatbridge.concerns.geo import geocode
from beatbridge.concerns.models import Concern, ConcernStatus

from .conftest import IN_B111, IN_B211, OUTSIDE


def test_signed_in_concern_is_placed_and_timelined(city, categories, resident):
    concern = services.submit_concern(
        category=categories["noise"],
        description="  Loud music  ",
        lon=IN_B211[0],
        lat=IN_B211[1],
        by=resident,
        contact_email="Rosa@Example.org",
    )
    concern.refresh_from_db()
    assert concern.beat == city["b211"]
    assert concern.district == city["d2"]
    assert concern.neighborhood == city["hilltop"]
    assert concern.description == "Loud music"
    assert concern.submitted_by == resident
    assert concern.contact_email == "rosa@example.org"
    assert concern.status == ConcernStatus.SUBMITTED
    assert len(concern.tracking_token) >= 24
    [update] = concern.updates.all()
    assert update.is_public and update.new_status == "submitted"
    assert ActivityEntry.objects.filter(
        verb="concern.submitted", target_id=str(concern.pk)
    ).exists()


def test_anonymous_concern_stores_no_user_and_no_contact(city, categories, resident):
    concern = services.submit_concern(
        category="drug-activity",
        description="Sales at the corner",
        lon=IN_B111[0],
        lat=IN_B111[1],
        by=resident,
        anonymous=True,
        contact_name="Rosa",
        contact_email="rosa@example.org",
        contact_phone="555",
        contact_preference="email",
    )
    row = Concern.objects.filter(pk=concern.pk).values().get()
    assert row["submitted_by_id"] is None
    assert row["is_anonymous"] is True
    for field in ("contact_name", "contact_email", "contact_phone", "contact_preference"):
        assert row[field] == ""
    assert concern.updates.get().author is None
    entry = ActivityEntry.objects.get(verb="concern.submitted", target_id=str(concern.pk))
    assert entry.actor is None


def test_anonymous_refused_where_category_forbids_it(city, categories):
    cat = categories["noise"]
    cat.allows_anonymous = False
    cat.save()
    with pytest.raises(ValidationError) as exc:
        services.submit_concern(
            category=cat, description="x", lon=IN_B111[0], lat=IN_B111[1], anonymous=True
        )
    assert "anonymous" in exc.value.message_dict


def test_location_outside_every_area_is_refused(city, categories):
    with pytest.raises(ValidationError) as exc:
        services.submit_concern(category="noise", description="x", lon=OUTSIDE[0], lat=OUTSIDE[1])
    assert "outside the areas Beatbridge covers" in exc.value.message_dict["location"][0]
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"category": "no-such"}, "category"),
        ({"lon": None, "lat": None}, "location"),
        ({"lon": "abc"}, "location"),
        ({"lat": None}, "location"),
        ({"lon": 500, "lat": 41.8}, "location"),
        ({"lon": None, "lat": None, "address": "Atlantis"}, "address"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"contact_preference": "pigeon"}, "contact_preference"),
        ({"attributes": {"time_of_day": "teatime"}}, "attributes"),
    ],
)
def test_bad_input_names_the_field(city, categories, kwargs, field):
    args = {"category": "noise", "description": "x", "lon": IN_B111[0], "lat": IN_B111[1]}
    args.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.submit_concern(**args)
    assert field in exc.value.message_dict
    assert not Concern.objects.exists()


def test_inactive_category_is_refused(city, categories):
    categories["noise"].is_active = False
    categories["noise"].save()
    with pytest.raises(ValidationError) as exc:
        services.submit_concern(category="noise", description="x", lon=IN_B111[0], lat=IN_B111[1])
    assert "category" in exc.value.message_dict


def test_attributes_keep_only_the_categorys_questions(city, categories):
    concern = services.submit_concern(
        category="abandoned-vehicle",
        description="Old van",
        lon=IN_B111[0],
        lat=IN_B111[1],
        attributes={"license_plate": "AB 1234", "vehicle_color": "red", "unrelated": "x"},
    )
    assert concern.attributes == {"license_plate": "AB 1234", "vehicle_color": "red"}


def test_required_attribute_is_enforced(city, categories):
    cat = categories["abandoned-vehicle"]
    cat.attributes = [{**cat.attributes[0], "required": True}]
    cat.save()
    with pytest.raises(ValidationError) as exc:
        services.submit_concern(category=cat, description="Old van", lon=IN_B111[0], lat=IN_B111[1])
    assert "attributes" in exc.value.message_dict


def test_address_text_is_geocoded(city, categories):
    by_name = services.submit_concern(
        category="noise", description="x", address="Corner of 5th and Main, Hilltop"
    )
    assert by_name.neighborhood == city["hilltop"]
    by_coords = services.submit_concern(
        category="noise", description="x", address=f"{IN_B111[1]}, {IN_B111[0]}"
    )
    assert by_coords.beat == city["b111"]
    assert by_coords.address == f"{IN_B111[1]}, {IN_B111[0]}"


def test_geocoder_can_be_plugged_in(city, settings):
    settings.BEATBRIDGE = {
        **settings.BEATBRIDGE,
        "GEOCODER": "tests.concerns.test_submit.fake_geocoder",
    }
    assert geocode("1600 Main St") == IN_B211
    assert geocode("Riverside") == (city["riverside"].centroid_lon, city["riverside"].centroid_lat)


def fake_geocoder(text):
    return IN_B211 if "Main" in text else None


def test_email_with_tracking_link_after_commit(
    city, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.submit_concern(
            category="noise",
            description="x",
            lon=IN_B111[0],
            lat=IN_B111[1],
            contact_email="n@example.org",
        )
    [message] = mail.outbox
    assert message.to == ["n@example.org"]
    assert f"/concerns/track/#{concern.tracking_token}" in message.body
    assert f"/concerns/track/{concern.tracking_token}/" not in message.body


def test_no_email_without_address(city, categories, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_concern(category="noise", description="x", lon=IN_B111[0], lat=IN_B111[1])
    assert mail.outbox == []


def test_nul_and_surrogates_are_dropped(city, categories):
    concern = services.submit_concern(
        category="noise", description="a\x00b\ud800c", lon=IN_B111[0], lat=IN_B111[1]
    )
    assert concern.description == "abc"


def test_seeded_categories_cover_the_issue(categories):
    assert set(categories) >= {
        "drug-activity",
        "speeding-traffic",
        "noise",
        "abandoned-vehicle",
        "vandalism-graffiti",
        "lighting",
        "loitering",
        "suspicious-activity",
        "youth-needs",
        "park-safety",
        "other",
    }
    vehicle = categories["abandoned-vehicle"]
    codes = {q["code"]: q["datatype"] for q in vehicle.attributes}
    assert codes == {"license_plate": "string", "vehicle_color": "singlevaluelist"}
    assert all(c.name_es and c.description_es for c in categories.values())
