"""The account page lists what the person did: concerns reported and supported, meeting RSVPs,
and where their neighbourhood verification stands (issue 17)."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.accounts.models import NeighborhoodVerification, VerificationStatus
from beatbridge.concerns import services as concern_services
from beatbridge.concerns.models import Category
from beatbridge.meetings import services as meeting_services
from beatbridge.meetings.models import MeetingKind

IN_RIVERSIDE = {"lon": -87.695, "lat": 41.805}


@pytest.fixture
def category(db):
    return Category.objects.get_or_create(
        code="graffiti", defaults={"name_en": "Graffiti", "name_es": "Grafiti"}
    )[0]


def _meeting(city, officer, *, days, title):
    starts = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return meeting_services.schedule_meeting(
        areas=[city["b111"]],
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        by=officer,
        kind=MeetingKind.BEAT_MEETING,
        title=title,
        address="1 Main St",
    )


def test_lists_concerns_reported_and_supported(client_for, resident, partner, category):
    mine = concern_services.submit_concern(
        category=category, description="Tags on the underpass", by=resident, **IN_RIVERSIDE
    )
    theirs = concern_services.submit_concern(
        category=category, description="Broken light on Main", by=partner, **IN_RIVERSIDE
    )
    concern_services.support_concern(theirs, by=resident)
    page = client_for(resident).get("/accounts/profile/").content.decode()
    reported = page.split('class="list-plain my-concerns"')[1].split("</ul>")[0]
    supported = page.split('class="list-plain supported-concerns"')[1].split("</ul>")[0]
    assert f"/concerns/{mine.pk}/" in reported and f"/concerns/{theirs.pk}/" not in reported
    assert f"/concerns/{theirs.pk}/" in supported and f"/concerns/{mine.pk}/" not in supported


def test_empty_lists_say_so_and_offer_the_next_step(client_for, resident):
    page = client_for(resident).get("/accounts/profile/").content.decode()
    assert "You have not reported a concern yet." in page
    assert "You have not supported a concern yet." in page
    assert "You have not said you are coming to an upcoming meeting." in page


def test_lists_rsvps_upcoming_and_past_without_cancelled(client_for, city, officer, resident):
    soon = _meeting(city, officer, days=3, title="Soon meeting")
    later = _meeting(city, officer, days=10, title="Later meeting")
    past = _meeting(city, officer, days=2, title="Past meeting")
    dropped = _meeting(city, officer, days=4, title="Dropped meeting")
    for m in (later, soon, dropped):
        meeting_services.rsvp(m, user=resident)
    meeting_services.rsvp(past, user=resident)
    # The meeting took place (RSVPs close once it has started): move it five days back.
    type(past).objects.filter(pk=past.pk).update(
        starts_at=past.starts_at - dt.timedelta(days=7), ends_at=past.ends_at - dt.timedelta(days=7)
    )
    meeting_services.cancel_rsvp(meeting_services.rsvp(dropped, user=resident))
    page = client_for(resident).get("/accounts/profile/").content.decode()
    upcoming = page.split("my-rsvps upcoming")[1].split("</ul>")[0]
    assert upcoming.index("Soon meeting") < upcoming.index("Later meeting")
    assert "Dropped meeting" not in page
    assert "Past meeting" in page.split("my-rsvps past")[1].split("</ul>")[0]


def test_verified_resident_sees_no_ask_to_verify(client_for, resident):
    resident.home_verified = True
    resident.save()
    page = client_for(resident).get("/accounts/profile/").content.decode()
    assert 'data-verification="verified"' in page
    assert "Ask to verify my neighborhood" not in page


def test_pending_request_is_stated_instead_of_the_button(client_for, resident, city):
    NeighborhoodVerification.objects.create(
        user=resident, neighborhood=city["riverside"], status=VerificationStatus.PENDING
    )
    page = client_for(resident).get("/accounts/profile/").content.decode()
    assert 'data-verification="pending"' in page
    assert "Ask to verify my neighborhood" not in page


def test_unverified_resident_without_request_can_ask(client_for, resident):
    page = client_for(resident).get("/accounts/profile/").content.decode()
    assert 'data-verification="none"' in page
    assert "Ask to verify my neighborhood" in page


def test_panels_cost_a_fixed_number_of_queries(
    client_for, resident, partner, category, django_assert_max_num_queries
):
    for i in range(6):
        c = concern_services.submit_concern(
            category=category, description=f"Concern number {i}", by=partner, **IN_RIVERSIDE
        )
        concern_services.support_concern(c, by=resident)
        concern_services.submit_concern(
            category=category, description=f"Mine number {i}", by=resident, **IN_RIVERSIDE
        )
    c = client_for(resident)
    with django_assert_max_num_queries(25):
        assert c.get("/accounts/profile/").status_code == 200


def test_officer_ranks_read_in_the_readers_language(officer):
    from django.utils import translation

    from beatbridge.accounts.models import translated_rank

    officer.display_name = "Sergeant Tom Walsh"
    with translation.override("es"):
        assert officer.public_name == "Sargento Tom Walsh"
        assert translated_rank("Officer Maria Lopez") == "Agente Maria Lopez"
        assert translated_rank("Officerina Smith") == "Officerina Smith"
    with translation.override("en"):
        assert officer.public_name == "Sergeant Tom Walsh"
