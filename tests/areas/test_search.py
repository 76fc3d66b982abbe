"""Finding a neighborhood: names with typos and accents, aliases, addresses, ZIP codes."""

import pytest
from django.urls import reverse

from beatbridge.areas import geocoder
from beatbridge.areas.models import AreaAlias
from beatbridge.areas.search import search_areas
from tests.conftest import X0, Y0


@pytest.fixture
def places(city):
    AreaAlias.objects.create(area=city["hilltop"], name="Pilsén Village")
    geocoder.rebuild_gazetteer(
        [
            ("016XX W HOWARD ST", 3, X0 + 0.004, Y0 + 0.005, X0 + 0.006, Y0 + 0.005,
             X0 + 0.005, Y0 + 0.005),
            ("017XX W HOWARD ST", 3, X0 + 0.014, Y0 + 0.005, X0 + 0.016, Y0 + 0.005,
             X0 + 0.015, Y0 + 0.005),
        ]
    )  # fmt: skip
    return city


@pytest.mark.parametrize(
    ("query", "expected", "how"),
    [
        ("Riverside", "Riverside", "name"),
        ("  RIVERSIDE ", "Riverside", "name"),
        ("Rivrside", "Riverside", "fuzzy"),
        ("Hiltop", "Hilltop", "fuzzy"),
        ("pilsen village", "Hilltop", "alias"),
        ("Pilsen", "Hilltop", "name"),
        ("1650 W Howard St", "Riverside", "address"),
        ("1750 W Howard", "Hilltop", "address"),
    ],
)
def test_search_finds_the_neighborhood(places, query, expected, how):
    result = search_areas(query)
    assert [a.name for a in result.areas] == [expected]
    assert result.how == how


def test_an_address_names_its_beat(places):
    match = search_areas("1650 W Howard St").matches[0]
    assert match.beat.code == "0111"
    assert "1650 W Howard St" in match.note


def test_nothing_found_says_what_to_try(places):
    result = search_areas("Atlantis")
    assert result.matches == []
    assert "No neighborhood matches “Atlantis”" in result.message
    assert "ZIP" in result.message


def test_zip_code_without_zip_data_says_so(places):
    result = search_areas("60626")
    assert result.matches == []
    assert "ZIP codes are not set up" in result.message


def test_alias_saves_its_normalized_form(city):
    alias = AreaAlias.objects.create(area=city["riverside"], name="  Loyola—Campus ")
    assert alias.normalized == "loyola campus"


def test_home_search_page(client, places):
    response = client.get(reverse("web:home"), {"q": "Rivrside"})
    assert response.status_code == 200
    assert "Riverside" in response.content.decode()
    response = client.get(reverse("web:home"), {"q": "pilsen village"})
    assert response.status_code == 302
    response = client.get(reverse("web:home"), {"q": "1650 W Howard St"})
    body = response.content.decode()
    assert "Riverside" in body and "Beat 0111" in body
    response = client.get(reverse("web:home"), {"q": "Atlantis" * 30})
    assert response.status_code == 200
    assert "No neighborhood matches" in response.content.decode()


def test_geocode_endpoint_answers_json(client, places):
    data = client.get(reverse("areas:geocode"), {"q": "1650 W Howard St"}).json()
    assert data["how"] == "address"
    assert data["point"]["lon"] == pytest.approx(X0 + 0.005, abs=1e-3)
    assert data["matches"][0]["name"] == "Riverside"
    assert data["matches"][0]["beat"] == "0111"
    empty = client.get(reverse("areas:geocode"), {"q": ""}).json()
    assert empty["matches"] == [] and empty["point"] is None


def test_area_page_lists_its_aliases(client, places):
    url = reverse("areas:detail", args=["neighborhood", places["hilltop"].code])
    assert "also known as Pilsén Village" in client.get(url).content.decode()
