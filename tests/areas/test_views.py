"""Area pages: a beat's current officers, a neighborhood's officers and partners, 404s."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.accounts.models import Role
from beatbridge.areas.models import OfficerAssignment

from ..factories import OrganizationFactory, UserFactory


def officer_names(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def roster(city, officer):
    """Beat 0111: Olivia (current, from conftest), plus a past, a future and an ending-today."""
    today = timezone.localdate()
    day = dt.timedelta(days=1)

    def assign(name, beat, starts_on, ends_on=None):
        user = UserFactory(role=Role.OFFICER, display_name=name)
        OfficerAssignment.objects.create(
            officer=user, beat=city[beat], starts_on=starts_on, ends_on=ends_on
        )
        return user

    return {
        "past": assign("Officer Paula Past", "b111", today - 400 * day, today - day),
        "future": assign("Officer Felix Future", "b111", today + day),
        "last_day": assign("Officer Lena Lastday", "b111", today - 30 * day, today),
        "first_day": assign("Officer Fiona Firstday", "b111", today),
    }


def test_beat_page_lists_current_officers_only(client, roster):
    page = officer_names(client.get("/areas/beat/0111/"))
    assert "Officer Olivia" in page
    assert "Officer Lena Lastday" in page
    assert "Officer Fiona Firstday" in page
    assert "Officer Paula Past" not in page
    assert "Officer Felix Future" not in page


def test_beat_page_omits_officer_who_moved_to_another_beat(client, city, roster):
    moved = roster["past"]
    OfficerAssignment.objects.create(
        officer=moved, beat=city["b112"], starts_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "Officer Paula Past" in officer_names(client.get("/areas/beat/0112/"))
    assert "Officer Paula Past" not in officer_names(client.get("/areas/beat/0111/"))


def test_beat_without_current_officer_says_so(client, city, roster):
    page = officer_names(client.get("/areas/beat/0211/"))
    assert "No officer is assigned to this beat right now." in page


def test_neighborhood_page_shows_overlapping_beats_officers_and_partners(
    client, city, officer, other_district_officer
):
    youth = OrganizationFactory(name="Hilltop Youth League")
    youth.neighborhoods.add(city["hilltop"])
    elsewhere = OrganizationFactory(name="Riverside Tenants Union")
    elsewhere.neighborhoods.add(city["riverside"])
    page = officer_names(client.get("/areas/neighborhood/2/"))
    assert "Hilltop" in page
    # Hilltop overlaps beats 0112 (no officer) and 0211 (Oscar), not 0111 (Olivia).
    assert 'data-beat="0112"' in page
    assert 'data-beat="0211"' in page
    assert 'data-beat="0111"' not in page
    assert "Officer Oscar" in page
    assert "Officer Olivia" not in page
    assert "Hilltop Youth League" in page
    assert "Riverside Tenants Union" not in page


def test_district_page_lists_its_beats(client, city, officer):
    page = officer_names(client.get("/areas/district/1/"))
    assert 'data-beat="0111"' in page and 'data-beat="0112"' in page
    assert 'data-beat="0211"' not in page
    assert "Officer Olivia" in page


@pytest.mark.parametrize(
    "url",
    ["/areas/precinct/1/", "/areas/beat/9999/", "/areas/neighborhood/0111/", "/areas/precinct/"],
)
def test_unknown_kind_or_code_is_404(client, city, url):
    assert client.get(url).status_code == 404


def test_every_persona_can_view_area_pages(client_for, personas):
    urls = ["/areas/beat/0111/", "/areas/neighborhood/1/", "/areas/beat/"]
    for user in [None, *personas.values()]:
        for url in urls:
            response = client_for(user).get(url)
            assert response.status_code == 200, (user, url)
            if url == "/areas/beat/0111/":
                assert "Officer Olivia" in response.content.decode()
