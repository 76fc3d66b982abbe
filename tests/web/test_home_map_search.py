"""After a search the home page tells its map where to go: the found address (or ZIP code)
as data-lon/data-lat, and which neighborhoods matched (read by home-map.js)."""

import re

import pytest

from beatbridge.areas import geocoder
from tests.conftest import X0, Y0


@pytest.fixture
def howard_st(city):
    geocoder.rebuild_gazetteer(
        [("016XX W HOWARD ST", 3, X0 + 0.004, Y0 + 0.005, X0 + 0.006, Y0 + 0.005,
          X0 + 0.005, Y0 + 0.005)]
    )  # fmt: skip
    return city


def _results(page: str) -> str:
    return re.search(r'<ul class="list-plain" id="search-results"[^>]*>', page).group(0)


def test_an_address_gives_the_map_its_point(client, howard_st):
    page = client.get("/", {"q": "1650 W Howard St"}).content.decode()
    results = _results(page)
    lon = float(re.search(r'data-lon="([^"]+)"', results).group(1))
    lat = float(re.search(r'data-lat="([^"]+)"', results).group(1))
    assert lon == pytest.approx(X0 + 0.005, abs=1e-3) and lat == pytest.approx(Y0 + 0.005, abs=1e-3)
    assert 'data-place="1650 W Howard St"' in results
    assert '<li data-kind="neighborhood" data-code="1">' in page


def test_the_point_is_not_localized(client, howard_st):
    page = client.get("/", {"q": "1650 W Howard St"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r'data-lon="-?\d+\.\d{6}"', _results(page))


def test_a_name_match_marks_neighborhoods_without_a_point(client, howard_st):
    page = client.get("/", {"q": "Rivrside"}).content.decode()
    assert "data-lon" not in _results(page)
    assert '<li data-kind="neighborhood" data-code="1">' in page


def test_the_map_script_is_a_static_file(client, howard_st):
    page = client.get("/", {"q": "1650 W Howard St"}).content.decode()
    assert "beatbridge/home-map.js" in page
    assert "<script>" not in page and " style=" not in page
